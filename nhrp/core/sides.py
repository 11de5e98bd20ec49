"""Which side an actor assesses from: **self** for the authorities, who report on their own
work (kinds federal-government, krg, parliament, judiciary), **independent** for everyone else
(independent institutions, the UN, NGOs, other). A property of the actor's kind alone, asked
by the status derivation (:mod:`nhrp.core.analysis`), the rules, ``check-scope``, ``diff`` and
the reports; kept apart so that a command that only needs this imports no plan model."""

from __future__ import annotations

SELF_KINDS = frozenset({"federal-government", "krg", "parliament", "judiciary"})
SIDES = ("self", "independent")


def side_of(actor: dict | None) -> str:
    return "self" if actor and actor.get("kind") in SELF_KINDS else "independent"
