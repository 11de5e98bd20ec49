"""The plan at a glance: counts the dashboard and reports are made of (data only)."""

from __future__ import annotations

from collections import Counter

from nhrp.core.plan import Plan


def overview(plan: Plan) -> dict:
    recs = plan.recommendations.values()
    by_theme = Counter(t for r in recs for t in r.get("themes", []))
    assigned = sum(1 for r in recs if r.get("assignments"))
    assessed = sum(1 for rid in plan.recommendations if plan.entries.get(rid))
    return {
        "plan": {"id": plan.meta.get("id"), "name": plan.meta.get("name", {}),
                 "state": plan.meta.get("state", {}).get("code"),
                 "period": plan.meta.get("period", {}),
                 "simulated": bool(plan.meta.get("simulated", False))},
        "recommendations": len(plan.recommendations),
        "by_cycle": _sorted_counts(Counter(r.get("cycle") for r in recs)),
        "by_response": _sorted_counts(Counter(r.get("response") for r in recs)),
        "by_theme": dict(sorted(by_theme.items(), key=lambda kv: (-kv[1], kv[0]))),
        "actors": len(plan.actors),
        "actors_by_kind": _sorted_counts(Counter(a.get("kind") for a in plan.actors.values())),
        "assigned": assigned,
        "unassigned": len(plan.recommendations) - assigned,
        "assessed": assessed,
        "monitoring_entries": sum(len(v) for v in plan.entries.values()),
        "unreadable_files": len(plan.unreadable),
    }


def _sorted_counts(counter: Counter) -> dict:
    return {str(k): v for k, v in sorted(counter.items(), key=lambda kv: str(kv[0]))}
