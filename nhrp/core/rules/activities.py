"""Rules on the plan's own activities and the measurements of their indicators, and on the
continuity of recommendations across cycles (A7xx codes, plus the shared reference codes
R303/R304). Per-record rules are called by :mod:`.record`, cross-file ones by
:mod:`.references`."""

from __future__ import annotations

import math
import re

from nhrp.core import layout
from nhrp.core.plan import Loaded, Plan
from nhrp.core.rules import Problem, json_path_text

SUPPORTED = ("supported", "partially-supported")


def record_rules(item: Loaded) -> list[Problem]:
    """Rules on one activity or measurement file that need no other file."""
    data, path = item.data, item.path
    out: list[Problem] = []
    if item.kind == "activity":
        start, end = data.get("start"), data.get("end")
        if isinstance(start, str) and isinstance(end, str) and _DATE.match(start) and \
                _DATE.match(end) and end < start:
            out.append(Problem(path, "D403", f"end: the end {end} is before the start {start}",
                               ("end",)))
        seen: dict[str, int] = {}
        for i, indicator in enumerate(_list(data.get("indicators"))):
            iid = indicator.get("id") if isinstance(indicator, dict) else None
            if isinstance(iid, str):
                if iid in seen:
                    out.append(Problem(path, "A708", f"indicators[{i}]: indicator id '{iid}' is "
                                       f"used twice (first at indicators[{seen[iid]}])",
                                       ("indicators", i, "id")))
                else:
                    seen[iid] = i
            for point in ("baseline", "target"):
                value = (indicator.get(point) or {}) if isinstance(indicator, dict) else {}
                out += _not_finite(path, ("indicators", i, point, "value"),
                                   value.get("value") if isinstance(value, dict) else None)
        budget = data.get("budget")
        out += _not_finite(path, ("budget", "amount"),
                           budget.get("amount") if isinstance(budget, dict) else None)
    else:
        out += _measurement_location(item)
        out += _not_finite(path, ("value",), data.get("value"))
    return out


def _not_finite(path: str, at: tuple, value) -> list[Problem]:
    """YAML reads .nan and .inf as numbers; no one measured or budgeted them (S203)."""
    if isinstance(value, float) and not math.isfinite(value):
        return [Problem(path, "S203", f"{json_path_text(at)}: expected a number but found "
                        f"{value}", at)]
    return []


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def _measurement_location(item: Loaded) -> list[Problem]:
    data, path = item.data, item.path
    parts = path.split("/")
    activity, indicator = data.get("activity"), data.get("indicator")
    if isinstance(activity, str) and isinstance(indicator, str) and \
            (parts[2], parts[3]) != (activity, indicator):
        return [Problem(path, "A707", f"measurement of {activity}/{indicator} is in the folder "
                        f"of {parts[2]}/{parts[3]}; move it to "
                        f"{layout.MEASUREMENTS}/{activity}/{indicator}/", ("activity",))]
    stem = layout.stem(path)
    as_of, by = data.get("as_of"), data.get("by")
    if isinstance(as_of, str) and isinstance(by, str) and _DATE.match(as_of) and \
            layout.SLUG.match(by):
        expected = f"{as_of}-{by}"
        if not (stem == expected or re.fullmatch(re.escape(expected) + r"-[0-9]+", stem)):
            return [Problem(path, "A707", f"file name should be {expected}.yaml (as_of date, "
                            "then the reporting actor)", ())]
    return []


def cross_file(plan: Plan, ref, actors: set, recommendations: set,
               plan_unchecked: bool) -> list[Problem]:
    """References from activities and measurements. ``ref(path, at, value, known, code,
    what)`` reports an unknown reference (the validator's own helper)."""
    out: list[Problem] = []
    meta = plan.meta
    axes = [a.get("id") for a in _list(meta.get("axes")) if isinstance(a, dict)]
    for i, axis in enumerate(axes):
        if axis in axes[:i]:
            out.append(Problem(layout.PLAN_FILE, "R302", f"axes[{i}]: axis id '{axis}' is listed "
                               "twice", ("axes", i, "id")))
    period = meta.get("period") if isinstance(meta.get("period"), dict) else {}
    first, last = str(period.get("start", "")), str(period.get("end", ""))
    for act_id, act in sorted(plan.activities.items()):
        path = plan.activity_paths[act_id]
        if not plan_unchecked and isinstance(act.get("axis"), str) and act["axis"] not in axes:
            known = ", ".join(a for a in axes if isinstance(a, str)) or "none yet"
            out.append(Problem(path, "A701", f"axis: unknown axis '{act['axis']}'; the plan's "
                               f"axes (nhrp.yaml) are: {known}", ("axis",)))
        ref(path, ("lead",), act.get("lead"), actors, "R303", "actor")
        for i, partner in enumerate(_list(act.get("partners"))):
            ref(path, ("partners", i), partner, actors, "R303", "actor")
        reasons = act.get("unsupported_reasons") or {}
        for i, rec_id in enumerate(_list(act.get("recommendations"))):
            if rec_id not in recommendations:
                ref(path, ("recommendations", i), rec_id, recommendations, "R304",
                    "recommendation")
                continue
            response = (plan.recommendations.get(rec_id) or {}).get("response")
            if response is not None and response not in SUPPORTED and rec_id not in reasons:
                out.append(Problem(path, "A706", f"recommendations[{i}]: {rec_id} was {response}, "
                                   "not supported; say why the plan acts on it under "
                                   f"unsupported_reasons: {{{rec_id}: ...}}, or unlink it",
                                   ("recommendations", i)))
        if not plan_unchecked and first and last:
            out += _in_period(path, act, first, last)
        for i, ind in enumerate(_list(act.get("indicators")) if not plan_unchecked else []):
            description = ind.get("description") if isinstance(ind, dict) else None
            for lang in description if isinstance(description, dict) else ():
                if lang not in plan.languages:
                    out.append(Problem(path, "R311", f"indicators[{i}].description.{lang}: "
                                       f"'{lang}' is not one of the plan's languages "
                                       f"({', '.join(sorted(plan.languages))})",
                                       ("indicators", i, "description", lang), at_key=True))
    for rec_id, rec in plan.recommendations.items():
        earlier = rec.get("repeats")
        if not isinstance(earlier, str):
            continue
        path = plan.recommendation_paths[rec_id]
        if earlier not in recommendations:
            ref(path, ("repeats",), earlier, recommendations, "R304", "recommendation")
        elif earlier in plan.recommendations and not \
                _cycle(plan.recommendations[earlier]) < _cycle(rec):
            out.append(Problem(path, "A709", f"repeats: {earlier} is of cycle "
                               f"{plan.recommendations[earlier].get('cycle')}, not earlier than "
                               f"this recommendation's cycle {rec.get('cycle')}", ("repeats",)))
    for (act_id, ind_id), series in sorted(plan.measurements.items()):
        act = plan.activities.get(act_id)
        indicators: dict = {}
        for indicator in _list((act or {}).get("indicators")):
            if isinstance(indicator, dict):
                indicators.setdefault(indicator.get("id"), indicator)  # A708 names a second
        for m in series:
            ref(m.path, ("by",), m.data.get("by"), actors, "R303", "actor")
            if act is None:
                out.append(Problem(m.path, "A702", f"activity: unknown activity '{act_id}' (no "
                                   f"{layout.ACTIVITIES}/{act_id}.yaml)", ("activity",)))
            elif ind_id not in indicators:
                known = ", ".join(str(k) for k in indicators) or "none"
                out.append(Problem(m.path, "A703", f"indicator: activity {act_id} has no "
                                   f"indicator '{ind_id}' (it has: {known})", ("indicator",)))
            elif m.data.get("unit") != indicators[ind_id].get("unit"):
                out.append(Problem(m.path, "A704", f"unit: '{m.data.get('unit')}' differs from "
                                   f"the indicator's unit '{indicators[ind_id].get('unit')}'; "
                                   "record the value in the indicator's unit", ("unit",)))
    return out


def _in_period(path: str, act: dict, first: str, last: str) -> list[Problem]:
    """A705: the activity's dates and its indicators' targets fall inside the plan period
    (baselines may come from before it)."""
    dates = [(("start",), act.get("start")), (("end",), act.get("end"))]
    for i, indicator in enumerate(_list(act.get("indicators"))):
        target = indicator.get("target") if isinstance(indicator, dict) else None
        if isinstance(target, dict):
            dates.append((("indicators", i, "target", "date"), target.get("date")))
    out = []
    for at, value in dates:
        if isinstance(value, str) and _DATE.match(value) and not first <= value <= last:
            where = ".".join(str(a) if isinstance(a, str) else f"[{a}]" for a in at)
            out.append(Problem(path, "A705", f"{where.replace('.[', '[')}: {value} is outside the "
                               f"plan period {first} – {last}", at))
    return out


def _cycle(rec: dict) -> int:
    cycle = rec.get("cycle")
    return cycle if isinstance(cycle, int) else 0


def _list(value) -> list:
    return value if isinstance(value, list) else []
