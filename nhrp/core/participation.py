"""Participation at a glance: who was invited and when, who chose which thematic files, who
declined (and why), who has not answered; and for every thematic file, its monitors.

Invitations are plan data (data/participation.yaml, written by ``nhrp participation invite``
through :func:`nhrp.core.edit.invite`);
choices and declines are the ``monitors`` field of each actor file; answers received through the
form are listed in data/participation.yaml by ``nhrp import responses``.
"""

from __future__ import annotations

from nhrp.core.forms import ngo_actors
from nhrp.core.names import natural_key
from nhrp.core.plan import Plan


def overview(plan: Plan) -> dict:
    """Every NGO actor (and any other monitor invited or answering): invited when, its
    choice, declined why, or no answer; every thematic file: its monitors."""
    invited: dict[str, list[str]] = {}
    for item in plan.participation.get("invitations") or []:
        invited.setdefault(item.get("actor"), []).append(item.get("on"))
    received = {a.get("actor") for a in plan.participation.get("answers") or []}
    chosen = {a for a, d in plan.actors.items() if d.get("monitors")}
    who = set(ngo_actors(plan)) | (set(invited) & set(plan.actors)) | chosen
    organisations = []
    for actor in sorted(who, key=natural_key):
        monitors = plan.actors[actor].get("monitors") or {}
        if monitors.get("declined"):
            answer = "declined"
        elif monitors.get("themes"):
            answer = "monitors"
        else:
            answer = "no-answer"
        organisations.append({
            "actor": actor, "kind": plan.actors[actor].get("kind"),
            "invited": sorted(d for d in invited.get(actor, []) if d),
            "answer": answer, "themes": list(monitors.get("themes") or []),
            "reason": monitors.get("reason") or {}, "since": monitors.get("since"),
            "by_form": actor in received})
    files = []
    for theme in sorted(plan.themes, key=natural_key):
        monitors = sorted((a for a, d in plan.actors.items()
                           if theme in ((d.get("monitors") or {}).get("themes") or [])),
                          key=natural_key)
        files.append({"theme": theme, "monitors": monitors})
    return {"organisations": organisations, "files": files,
            "counts": {"organisations": len(organisations),
                       "invited": sum(1 for o in organisations if o["invited"]),
                       "monitors": sum(1 for o in organisations if o["answer"] == "monitors"),
                       "declined": sum(1 for o in organisations if o["answer"] == "declined"),
                       "no_answer": sum(1 for o in organisations if o["answer"] == "no-answer"),
                       "files_without_monitor": sum(1 for f in files if not f["monitors"])}}
