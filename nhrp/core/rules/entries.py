"""Rules about what a monitoring entry claims, judged against the rest of the plan:

* **R313** a self-assessment reports only on the actor's own duty bearer. An authority
  (government, KRG, parliament, judiciary: the *self* side) belongs to the duty bearer named by
  ``duty_bearer`` on its actor record, else to the one whose ``actor_kinds`` list its kind (or
  whose id is its kind: ``krg``), else to its ``parent``'s, else to the plan's only duty bearer. Parliaments and courts fit no
  government kind, so they name their duty bearer on their record (``duty_bearer: federal``);
  until they do, their self-assessments are refused with that hint. Independent monitors (NGOs,
  independent institutions, the UN, other) may assess any duty bearer.
* **D404** ``as_of`` is not before the review of the recommendation's cycle (``review_date``
  in ``cycles`` of nhrp.yaml): a recommendation cannot have been acted on before it was made.
"""

from __future__ import annotations

from nhrp.core.plan import Plan
from nhrp.core.rules import Problem
from nhrp.core.sides import side_of


def duty_bearer_of(plan: Plan, actor_id: str) -> tuple[str | None, str]:
    """(duty bearer id or None, how it was found) for an actor."""
    bearers = [d for d in plan.meta.get("duty_bearers") or [] if isinstance(d, dict)]
    seen: set[str] = set()
    current = actor_id
    while current in plan.actors and current not in seen:
        seen.add(current)
        actor = plan.actors[current]
        how = "" if current == actor_id else f" of its parent '{current}'"
        explicit = actor.get("duty_bearer")
        if isinstance(explicit, str):
            return explicit, f"the duty_bearer field{how}"
        kind = actor.get("kind")
        matching = [d.get("id") for d in bearers if kind in (d.get("actor_kinds") or [])] or \
            [d.get("id") for d in bearers if d.get("id") == kind]  # kind krg, duty bearer krg
        if len(matching) == 1:
            return matching[0], f"the kind {kind}{how}"
        parent = actor.get("parent")
        if not isinstance(parent, str):
            break
        current = parent
    if len(bearers) == 1:
        return bearers[0].get("id"), "the plan's only duty bearer"
    return None, ""


def check(plan: Plan) -> list[Problem]:
    out: list[Problem] = []
    reviews = {c.get("cycle"): c.get("review_date") for c in plan.meta.get("cycles") or []
               if isinstance(c, dict) and isinstance(c.get("review_date"), str)}
    bearer_ids = set(plan.duty_bearer_ids)
    for rec_id, entries in sorted(plan.entries.items()):
        review = reviews.get((plan.recommendations.get(rec_id) or {}).get("cycle"))
        for e in entries:
            as_of, by, reported = e.data.get("as_of"), e.data.get("by"), e.data.get("duty_bearer")
            if review and isinstance(as_of, str) and len(as_of) == 10 and as_of < review:
                out.append(Problem(e.path, "D404", f"as_of: {as_of} is before the review of "
                                   f"{rec_id}'s cycle ({review}), when the recommendation was "
                                   "made; check the date", ("as_of",)))
            actor = plan.actors.get(by) if isinstance(by, str) else None
            if actor is None or side_of(actor) != "self" or reported not in bearer_ids:
                continue  # unknown references have their own problems; monitors assess any
            own, how = duty_bearer_of(plan, by)
            if own is None:
                out.append(Problem(e.path, "R313", f"by: '{by}' ({actor.get('kind')}) belongs "
                                   "to no duty bearer, so its self-assessment cannot be placed: "
                                   f"add 'duty_bearer: <id>' to its actor file", ("by",)))
            elif own != reported:
                out.append(Problem(e.path, "R313", f"duty_bearer: '{by}' belongs to duty bearer "
                                   f"'{own}' (by {how}) and may self-assess only for it, not for "
                                   f"'{reported}'; an entry about '{reported}' comes from its own "
                                   "authorities or an independent monitor", ("duty_bearer",)))
    return out
