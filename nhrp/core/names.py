"""Ids as people type them: ``MoJ``, ``done``, ``قيد التنفيذ``, ``وزارة العدل``.

One way to turn what a person typed into the canonical id of an actor, theme, status, duty
bearer or recommendation: the id itself; else the id in any letter case, when only one id
matches; else a name in any of the plan's languages, folded as search folds it (case, diacritics,
Arabic spelling variants), when only one record has that name. Anything else is an "unknown X"
usage error that lists the closest valid values, so a clerk never has to guess an id.
"""

from __future__ import annotations

import difflib
import re
from typing import Iterable, Mapping

from nhrp.core.textfold import fold
from nhrp.errors import UsageError

_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """Sort key that puts upr2-127.2 before upr2-127.10."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part)
                 for part in _DIGITS.split(text) if part)


def plural(n: int, one: str, many: str) -> str:
    """"1 entry", "2 entries" in English messages (reports use the plan's catalogues)."""
    return f"{n:,} {one if n == 1 else many}"


class NotFound(UsageError):
    """An id that does not exist; the message lists the closest valid values (by id or name).
    ``known`` holds the valid ids, or maps them to their names by language."""

    def __init__(self, kind: str, wanted: str, known=()) -> None:
        message, near = explain(kind, wanted, known)
        super().__init__(message)
        self.suggestions = near


FEW = 12  # vocabularies this small are listed whole in an "unknown" message

# how a clerk lists the ids of each kind
LISTED_BY = {"actor": "nhrp actors", "theme": "nhrp themes", "status": "nhrp statuses",
             "duty bearer": "nhrp duty-bearers", "recommendation": "nhrp list",
             "recommendation or actor": "nhrp list, nhrp actors"}


def canonical(kind: str, wanted: str, known: Mapping[str, Mapping | None] | Iterable[str]) -> str:
    """The id ``wanted`` stands for among ``known`` (ids, or ids mapped to their ``names`` by
    language); :class:`NotFound` with the closest valid values when it stands for none."""
    names = known if isinstance(known, Mapping) else dict.fromkeys(known)
    if wanted in names:
        return wanted
    found = match(wanted, names)
    if found is not None:
        return found
    raise NotFound(kind, wanted, names)


def match(wanted: str, names: Mapping[str, Mapping | None]) -> str | None:
    """The one id that ``wanted`` names (by id in any case, or by a name), else None."""
    if not isinstance(wanted, str) or not wanted.strip():
        return None
    key = wanted.casefold()  # not stripped: "upr2-127.1\n" is no id (see PITFALLS)
    by_case = [i for i in names if i.casefold() == key]
    if len(by_case) == 1:
        return by_case[0]
    folded = fold(wanted)
    by_name = {i for i, n in names.items() if isinstance(n, Mapping)
               and any(isinstance(v, str) and fold(v) == folded for v in n.values())}
    return by_name.pop() if len(by_name) == 1 else None


def explain(kind: str, wanted: str, known: Mapping[str, Mapping | None] | Iterable[str]
            ) -> tuple[str, list[str]]:
    """The message of an unknown id and its suggestions: the nearest ids by id or by name
    (ignoring case and spelling variants); every valid value when there are only a few, else
    the command that lists them."""
    names = known if isinstance(known, Mapping) else dict.fromkeys(known)
    near = nearest(wanted, names, n=1 if len(names) <= FEW else 3)  # the rest are listed
    message = f"unknown {kind} '{wanted}'."
    if near:
        message += f" Did you mean: {', '.join(near)}?"
    ids = list(names)
    if 0 < len(ids) <= FEW:
        message += f" Valid values: {', '.join(ids)}."
    elif LISTED_BY.get(kind):
        message += f" To see them all: {LISTED_BY[kind]}."
    return message, near


def nearest(wanted: str, names: Mapping[str, Mapping | None], n: int = 3) -> list[str]:
    """Up to ``n`` ids close to ``wanted``, by id or by any of their names."""
    key = fold(str(wanted or "").strip())
    if not key:
        return []
    labels: dict[str, str] = {}
    for i, record_names in names.items():
        labels.setdefault(i.casefold(), i)
        if isinstance(record_names, Mapping):
            for name in record_names.values():
                if isinstance(name, str):
                    labels.setdefault(fold(name), i)
    scored = []
    for label in labels:
        matcher = difflib.SequenceMatcher(None, key, label)
        if matcher.real_quick_ratio() < 0.6 or matcher.quick_ratio() < 0.6:
            continue
        score = matcher.ratio() + (0.1 if sorted(key) == sorted(label) else 0)  # swapped letters
        if score >= 0.6:
            scored.append((-score, label))
    near = [labels[x] for _, x in sorted(scored)]
    inside = [i for i in names if len(key) >= 2 and key in i.casefold()]
    return list(dict.fromkeys(near + inside))[:n]


def choices(plan, kind: str) -> dict[str, Mapping | None]:
    """The valid ids of ``kind`` in ``plan``, each with its names by language."""
    meta = plan.meta
    if kind == "actor":
        return {i: a.get("names") for i, a in sorted(plan.actors.items())}
    if kind == "theme":
        return {i: t.get("names") for i, t in sorted(plan.themes.items())}
    if kind in ("status", "duty bearer"):
        field = "status_scale" if kind == "status" else "duty_bearers"
        items = meta.get(field) if isinstance(meta.get(field), list) else []
        return {d["id"]: d.get("names") for d in items
                if isinstance(d, dict) and isinstance(d.get("id"), str)}
    if kind == "recommendation":
        return dict.fromkeys(sorted(plan.recommendations, key=natural_key))
    raise ValueError(kind)


def resolve(plan, kind: str, wanted: str, *, extra: Mapping[str, Mapping | None] = {}) -> str:
    """:func:`canonical` against the plan's ids of ``kind`` (plus ``extra`` ones)."""
    return canonical(kind, wanted, {**choices(plan, kind), **extra})


KINDS = ("actor", "theme", "status", "duty bearer")


def listing(plan, kind: str, *, lang: str, search: str | None = None) -> list[dict]:
    """Rows for ``nhrp actors|themes|statuses|duty-bearers``: the id, the name in ``lang``
    (else English) and what helps to choose; ``search`` keeps rows whose id or any name holds
    the text (folded as search folds it)."""
    if kind not in KINDS:
        raise ValueError(kind)
    meta = plan.meta
    rows = []
    for i, names in choices(plan, kind).items():
        names = names if isinstance(names, Mapping) else {}
        row = {"id": i, "name": names.get(lang) or names.get("en") or ""}
        if kind == "actor":
            actor = plan.actors[i]
            row["kind"] = actor.get("kind", "")
            row["monitors"] = ", ".join((actor.get("monitors") or {}).get("themes") or [])
        elif kind == "status":
            step = next(s for s in meta["status_scale"] if s.get("id") == i)
            row["upr_info"] = step.get("upr_info_iri", "")
        elif kind == "duty bearer":
            bearer = next(d for d in meta["duty_bearers"] if d.get("id") == i)
            row["actor"] = bearer.get("actor", "")
            row["actor_kinds"] = ", ".join(bearer.get("actor_kinds") or [])
        row["names"] = {k: v for k, v in names.items() if isinstance(v, str)}
        rows.append(row)
    if search:
        key = fold(search)
        rows = [r for r in rows if key in fold(r["id"])
                or any(key in fold(v) for v in r["names"].values())]
    return rows
