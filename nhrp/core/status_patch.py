"""The dashboard of :mod:`nhrp.core.status` patched after a change of a few recommendations.

Every number of the dashboard is a sum over recommendations, and every list is in the
recommendations' natural id order (the overdue items: by due date, then that order). So when
only some recommendations changed (their files or their entries; nothing global: nhrp.yaml,
actors, vocabularies and activities are the same), the new dashboard is the old one, less the
dashboard of those recommendations as they were, plus their dashboard as they are now — each
computed by :func:`nhrp.core.status.dashboard` itself over a plan of just those
recommendations (:func:`nhrp.core.service.touched_plans`). Nothing here knows how a status is
derived; it only knows how the dashboard's parts add up.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import groupby

from nhrp.core.names import natural_key

TOTALS = ("recommendations", "assigned", "unassigned", "assessed", "implemented",
          "monitoring_entries")
LEAD_FIELDS = ("assigned", "assessed", "implemented", "overdue")
ROW_FIELDS = ("recommendations", "assigned", "assessed", "implemented", "overdue", "diverging")
KNOWN = {"plan", "today", "filters", "totals", "status_by_duty_bearer", "lead_actors",
         "coverage", "divergences", "overdue", "unreadable_files", "participation", "repeats",
         "breakdown", "monitor"}


class Unordered(Exception):
    """Two different ids with the same natural order: their place depends on the listing."""


def patched(old: dict, minus: dict, plus: dict, touched: set[str]) -> dict | None:
    """``old`` without ``minus`` (the dashboard of the ``touched`` recommendations as they
    were) and with ``plus`` (as they are); None when that cannot be told apart from a full
    derivation (an unknown part, ids whose order is not decided by their natural order)."""
    if not set(old) <= KNOWN or set(old) != set(plus) or set(old) != set(minus):
        return None
    try:
        return _patched(old, minus, plus, touched)
    except Unordered:
        return None


def _patched(old: dict, minus: dict, plus: dict, touched: set[str]) -> dict:
    new = dict(old)  # (the same order of keys; the global parts are the old ones)
    totals = dict(old["totals"])
    for key in TOTALS:
        totals[key] = _sum(old["totals"][key], minus["totals"][key], plus["totals"][key])
    for key in ("by_cycle", "by_response"):
        counts = _counts(old["totals"][key], minus["totals"][key], plus["totals"][key])
        totals[key] = dict(sorted(counts.items()))
    counts = _counts(old["totals"]["by_theme"], minus["totals"]["by_theme"],
                     plus["totals"]["by_theme"])
    totals["by_theme"] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    new["totals"] = totals
    new["status_by_duty_bearer"] = _sum(old["status_by_duty_bearer"],
                                        minus["status_by_duty_bearer"],
                                        plus["status_by_duty_bearer"])
    new["lead_actors"] = _rows(old["lead_actors"], minus["lead_actors"], plus["lead_actors"],
                               "actor", LEAD_FIELDS)
    coverage = dict(old["coverage"])
    for key in ("unassigned", "unmonitored"):
        coverage[key] = _merged(old["coverage"][key], plus["coverage"][key], touched, _itself)
    coverage["stale"] = _merged(old["coverage"]["stale"], plus["coverage"]["stale"], touched,
                                _id)
    new["coverage"] = coverage
    new["divergences"] = _merged(old["divergences"], plus["divergences"], touched, _id)
    new["overdue"] = _overdue(old["overdue"], plus["overdue"], touched)
    new["repeats"] = _merged(old["repeats"], plus["repeats"], touched, _id)
    if "breakdown" in old:
        breakdown = new["breakdown"] = dict(old["breakdown"])
        breakdown["rows"] = _rows(old["breakdown"]["rows"], minus["breakdown"]["rows"],
                                  plus["breakdown"]["rows"], "key", ROW_FIELDS)
        if "in_several" in breakdown:
            breakdown["in_several"] = _sum(old["breakdown"]["in_several"],
                                           minus["breakdown"]["in_several"],
                                           plus["breakdown"]["in_several"])
    if "monitor" in old:
        monitor = new["monitor"] = dict(old["monitor"])
        monitor["recommendations"] = _sum(old["monitor"]["recommendations"],
                                          minus["monitor"]["recommendations"],
                                          plus["monitor"]["recommendations"])
        monitor["workload"] = _merged(old["monitor"]["workload"], plus["monitor"]["workload"],
                                      touched, _itself)
    return new


def _sum(old, minus, plus):
    """Numbers, or mappings of them with the same keys (in ``old``'s order)."""
    if isinstance(old, dict):
        return {key: _sum(value, minus[key], plus[key]) for key, value in old.items()}
    return old - minus + plus


def _counts(old: dict, minus: dict, plus: dict) -> dict:
    """Counts of values present, as a Counter's: a value no longer counted is left out."""
    counts = dict(old)
    for key, n in minus.items():
        counts[key] = counts.get(key, 0) - n
    for key, n in plus.items():
        counts[key] = counts.get(key, 0) + n
    return {key: n for key, n in counts.items() if n}


def _rows(old: list, minus: list, plus: list, name: str, fields: tuple) -> list:
    """Rows of counts keyed by ``name``, a row only while its first field counts something,
    most first, then by key."""
    rows = {row[name]: dict(row) for row in old}
    for sign, changes in ((-1, minus), (1, plus)):
        for row in changes:
            mine = rows.setdefault(row[name], {name: row[name], **dict.fromkeys(fields, 0)})
            for field in fields:
                mine[field] += sign * row[field]
    return sorted((row for row in rows.values() if row[fields[0]]),
                  key=lambda row: (-row[fields[0]], row[name]))


def _itself(value: str) -> str:
    return value


def _id(value: dict) -> str:
    return value["id"]


def _merged(old: list, plus: list, touched: set[str], id_of) -> list:
    """``old`` (in natural id order) without the items of the ``touched`` recommendations and
    with their items of ``plus`` in their places."""
    kept = [value for value in old if id_of(value) not in touched]
    order = lambda value: natural_key(id_of(value))  # noqa: E731 (a key for bisect)
    for rec_id, group in groupby(plus, key=id_of):
        key = natural_key(rec_id)
        at = bisect_left(kept, key, key=order)
        if at < len(kept) and order(kept[at]) == key:
            raise Unordered(rec_id)
        kept[at:at] = group
    return kept


def _overdue(old: dict, plus: dict, touched: set[str]) -> dict:
    """Overdue items per actor, by due date and then in natural id order."""
    order = lambda item: (item["due"], natural_key(item["id"]))  # noqa: E731
    grouped = {}
    for actor in sorted(old.keys() | plus.keys()):
        items = [item for item in old.get(actor, ()) if item["id"] not in touched]
        for item in plus.get(actor, ()):
            key = order(item)
            at = bisect_right(items, key, key=order)
            if at and order(items[at - 1]) == key and items[at - 1]["id"] != item["id"]:
                raise Unordered(item["id"])
            items.insert(at, item)
        if items:
            grouped[actor] = items
    return grouped
