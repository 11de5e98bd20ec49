"""The list index: what ``nhrp list`` filters and prints, kept between runs while no file changes.

On a large plan, parsing (or loading) every record and deriving every current status on each
call is too slow, and so is keeping the whole analysis: at 100,000 recommendations its cached
form alone needs over 1 GiB. The index keeps one flat :class:`Item` per recommendation, with
just the facts that filters and rows use, and the folded search text of all recommendations
in one UTF-8 byte string, searched with ``bytes.find`` (a match in valid UTF-8 is always a
match of whole characters). It is stored per tree snapshot and day (see
:class:`nhrp.core.store.memo.Snapshot`); ``show`` and ``report`` read the files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, NamedTuple

from nhrp.core.analysis import Analysis, Facts, analyze
from nhrp.core.plan import Plan, gc_paused, restored_problems, stored_problems
from nhrp.core.layout import WorkTree
from nhrp.core.service import built, lean_values, touched_plans, with_texts
from nhrp.core.store.memo import Snapshot
from nhrp.core.textfold import fold

SEPARATOR = b"\0"  # between records in the search text; never in a query
UNKNOWN = (-1, -1, -1, -1)  # a file's lstat not to be trusted


class Item(NamedTuple):
    """One recommendation as ``list`` sees it."""

    id: str
    cycle: int | None
    paragraph: str | None
    response: str | None
    themes: tuple[str, ...]
    sdg_goals: tuple[int, ...]
    states: tuple[str, ...]
    assignments: tuple[tuple[str, str, str, str | None], ...]  # actor, role, duty bearer, due
    current: tuple[tuple[str, str, str], ...]  # duty bearer, side, status
    settled: tuple[tuple[str, str], ...]  # duty bearer, settled status
    overdue: bool
    diverging: bool
    monitored_by: tuple[str, ...]
    texts: tuple[str, dict]  # ("summary", {lang: text}), or ("text", ...) when there is none
    row_json: str = ""  # its row without the summary, as JSON (see rows_json)

    @property
    def due(self) -> str | None:
        """The earliest due date of its assignments."""
        return min((a[3] for a in self.assignments if a[3]), default=None)

    @property
    def duty_bearers(self) -> list[str]:
        """Assigned and assessed duty bearers, like :attr:`Facts.duty_bearers`."""
        return list(dict.fromkeys([a[2] for a in self.assignments] +
                                  [db for db, _, _ in self.current]))


@dataclass
class ListIndex:
    plan: Plan  # vocabularies, actors and unreadable files; no records
    rank: dict[str, int]
    items: list[Item]  # in natural id order
    search: bytes | bytearray  # folded search texts, SEPARATOR between them
    starts: array  # where each item's text begins in ``search``
    digests: bytes = b""  # 8 bytes per item: a hash of its text before folding

    def find(self, folded_query: str) -> list[int]:
        """Positions of the items whose search text contains the (folded) query, in order."""
        needle = folded_query.encode("utf-8", "surrogatepass")  # as the texts were
        if SEPARATOR in needle:
            return []
        found, text, starts = [], self.search, self.starts
        at = text.find(needle)
        while at >= 0:
            i = bisect_right(starts, at) - 1
            found.append(i)
            if i + 1 == len(starts):
                break
            at = text.find(needle, starts[i + 1])
        return found


def _unfolded(rec: dict) -> str:
    parts = [rec.get("id", ""), *rec.get("recommending_states", []),
             *(rec.get("summary") or {}).values(), *(rec.get("text") or {}).values(),
             (rec.get("source") or {}).get("document", "")]
    return "\n".join(str(p) for p in parts)


def item(facts: Facts) -> Item:
    rec = facts.rec
    x = Item(
        facts.id, rec.get("cycle"), (rec.get("source") or {}).get("paragraph"),
        rec.get("response"), tuple(rec.get("themes", [])), tuple(rec.get("sdg_goals", [])),
        tuple(rec.get("recommending_states", [])),
        tuple((a["actor"], a.get("role"), a.get("duty_bearer"), a.get("due"))
              for a in facts.assignments),
        *_derived(facts),
        ("summary", rec["summary"]) if any((rec.get("summary") or {}).values())
        else ("text", rec.get("text") or {}))
    return x._replace(row_json=json.dumps(_row_facts(x), ensure_ascii=False))


def _derived(facts: Facts) -> tuple:
    """The fields of an item that depend on more than its recommendation's file."""
    return (tuple((db, side, cur.status) for (db, side), cur in facts.current.items()),
            tuple(facts.settled.items()), bool(facts.overdue), bool(facts.divergences),
            tuple(facts.monitored_by))


def _refreshed(x: Item, facts: Facts) -> Item:
    """A stored item whose file is unchanged, with its derived fields from ``facts``."""
    derived = _derived(facts)
    if derived == (x.current, x.settled, x.overdue, x.diverging, x.monitored_by):
        return x
    x = x._replace(current=derived[0], settled=derived[1], overdue=derived[2],
                   diverging=derived[3], monitored_by=derived[4])
    return x._replace(row_json=json.dumps(_row_facts(x), ensure_ascii=False))


def row(x: Item, lang: str) -> dict:
    """One recommendation as a flat row: the shape of list's json/csv/yaml output."""
    return {**_row_facts(x), **_summary(x.texts, lang)}


def rows_json(items: list[Item], lang: str) -> str:
    """Exactly ``json_text([row(x, lang) for x in items])``, joined from each item's stored
    JSON: several times faster when a query lists thousands of recommendations."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    return "[" + ", ".join(x.row_json[:-1] + ", " + encode(_summary(x.texts, lang))[1:]
                           for x in items) + "]\n"


def _row_facts(x: Item) -> dict:
    return {
        "id": x.id,
        "cycle": x.cycle,
        "paragraph": x.paragraph,
        "response": x.response,
        "themes": list(x.themes),
        "sdg_goals": list(x.sdg_goals),
        "recommending_states": list(x.states),
        "lead": [a[0] for a in x.assignments if a[1] == "lead"],
        "support": [a[0] for a in x.assignments if a[1] == "support"],
        "due": x.due,
        "status": {f"{db}/{side}": status for db, side, status in x.current},
        "overdue": x.overdue,
        "diverging": x.diverging,
        "monitored_by": list(x.monitored_by),
    }


def _summary(texts: tuple[str, dict], lang: str) -> dict:
    """The summary in ``lang`` if there is one, else English, else any; imported records
    without a summary show their official text, marked as such."""
    kind, by_lang = texts
    for code in (lang, "en", *by_lang):
        if by_lang.get(code):
            return {"summary": by_lang[code],
                    "summary_lang": code + ("" if kind == "summary" else " (official text)")}
    return {"summary": "", "summary_lang": ""}


class Previous:
    """The index stored before, to patch: an item whose recommendation file is the same (same
    path, same kept ``lstat``, see :meth:`nhrp.core.store.memo.PerFile.stat`) keeps its
    folded text and every field its file alone decides; the derived ones (statuses, overdue,
    divergence, monitors) are compared with the new analysis. Any other item keeps its folded
    text when its text is unchanged (see :func:`build`)."""

    def __init__(self, stored: dict, stat: Callable[[str], tuple | None] = lambda path: None):
        self.starts = array("q")
        self.starts.frombytes(stored["starts"])
        self.items, self.search, self.digests = stored["items"], stored["search"], stored["digests"]
        self.paths = stored["paths"].split("\0") if stored.get("paths") else []
        self.stats = array("q")  # each item's file and its lstat then (see _store)
        self.stats.frombytes(stored.get("stats", b""))
        self.stat = stat  # the lstat now (None: not known to be unchanged)
        self.at = {x[0]: k for k, x in enumerate(self.items)}
        if len(self.starts) != len(self.items) or len(self.digests) != 8 * len(self.items) \
                or len(self.stats) != 4 * len(self.paths) \
                or self.paths and len(self.paths) != len(self.items):
            raise ValueError("a damaged index")

    @classmethod
    def of(cls, stored, stat: Callable[[str], tuple | None] = lambda path: None
           ) -> "Previous | None":
        try:
            return cls(stored, stat)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None

    def kept(self, rec_id: str, path: str) -> int | None:
        """The position of the stored item made from the unchanged file ``path``, if any."""
        k = self.at.get(rec_id)
        if k is None or not self.paths or self.paths[k] != path:
            return None
        was = tuple(self.stats[4 * k:4 * k + 4])
        return k if was != UNKNOWN and self.stat(path) == was else None

    def folded(self, k: int) -> memoryview:
        end = self.starts[k + 1] - len(SEPARATOR) if k + 1 < len(self.starts) else len(self.search)
        return memoryview(self.search)[self.starts[k]:end]


def build(analysis: Analysis, previous: Previous | None = None) -> ListIndex:
    """The index of an analysed plan. Folding and encoding rows are most of the work, so a
    recommendation whose file is unchanged since the ``previous`` index keeps its item (its
    derived facts compared again) and its folded text; one whose unfolded text is unchanged
    keeps its folded text."""
    items, paths = [], analysis.plan.recommendation_paths
    search, starts = bytearray(), array("q")  # one growing buffer, not a list and a join
    digests = bytearray()
    for facts in analysis.facts.values():
        if starts:
            search += SEPARATOR
        starts.append(len(search))
        k = previous.kept(facts.id, paths[facts.id]) if previous is not None else None
        if k is not None:
            items.append(_refreshed(Item._make(previous.items[k]), facts))
            search += previous.folded(k)
            digests += previous.digests[8 * k:8 * k + 8]
            continue
        items.append(item(facts))
        k = previous.at.get(facts.id) if previous is not None else None
        digest, folded = _search_text(facts, previous, k)
        search += folded
        digests += digest
    return ListIndex(analysis.plan.without_records(), analysis.rank, items, search, starts,
                     bytes(digests))


def _search_text(facts: Facts, previous: Previous | None, k: int | None) -> tuple[bytes, bytes]:
    """A recommendation's ``(digest, folded search text)``: the folded text of ``previous``'s
    item ``k`` when its unfolded text is the same (folding is the costly part), else folded
    now."""
    raw = _unfolded(facts.rec).encode("utf-8", "surrogatepass")  # lone surrogates
    digest = hashlib.blake2b(raw, digest_size=8).digest()
    if k is not None and previous.digests[8 * k:8 * k + 8] == digest:
        return digest, previous.folded(k)
    return digest, fold(raw.decode("utf-8", "surrogatepass")).encode("utf-8", "surrogatepass")


def cached_index(root: Path, today: dt.date) -> ListIndex:
    """The list index of the working tree at ``root``: the stored one while no file changed;
    after a change, only the changed files are read (:func:`nhrp.core.service.lean_values`).
    When they are recommendations and entries only, the items of the recommendations they
    touch are made again and every other item is kept as stored (:func:`_patched`); else
    the stored index is patched from an analysis of every kept lean record (:func:`build`)."""
    snapshot = Snapshot.of_tree(root, ("list", today.isoformat()), name="list")
    stored = snapshot.get()
    if isinstance(stored, dict) and "items" in stored:
        with gc_paused():
            return _restore(root, stored)
    source = snapshot.source or WorkTree(root)
    with gc_paused():
        lean, fresh, kept = lean_values(source, snapshot)
        stored = snapshot.previous()
        found = _patched(stored, today, lean, fresh, kept, source)
        if found is not None:
            index, paths, stats = found
        else:
            plan = built(lean, fresh, root)
            previous = Previous.of(stored, kept.stat)
            with_texts(source, plan, [i for i, path in plan.recommendation_paths.items()
                                      if path not in fresh and (
                                          previous is None or previous.kept(i, path) is None)])
            lean = None  # (the plan holds the records now)
            kept.forget_values()
            index = build(analyze(plan, today), previous)
            paths, stats = columns(index.items, plan.recommendation_paths, kept.stat)
            del plan, previous
        marker = kept.marker()
        # the kept records and the old index, before the new one is encoded and stored
        del stored, found, lean, fresh, kept
    snapshot.put(_store(index, paths, stats, today, marker))
    return index


def _has_texts(rec: dict) -> bool:
    return "summary" in rec or "text" in rec


def _patched(stored, today: dt.date, lean: dict, fresh: dict, kept, source: WorkTree
             ) -> tuple[ListIndex, str, bytes] | None:
    """The ``stored`` index with the items of the recommendations changed since made again
    (their files or their entries changed; see :func:`nhrp.core.service.touched_plans`), as
    ``(index, its paths, its files' lstat)``; None when the change is not of that kind, or
    adds, removes or renames a recommendation."""
    if not isinstance(stored, dict) or stored.get("today") != today.isoformat():
        return None
    differ = kept.since(stored.get("marker"))
    plans = touched_plans(lean, differ, source.root) if differ is not None else None
    previous = Previous.of(stored, kept.stat) if plans is not None else None
    if previous is None or not previous.paths:
        return None
    before, after = plans
    where = after.recommendation_paths
    if before.recommendation_paths != where or any(
            previous.at.get(i) is None or previous.paths[previous.at[i]] != path
            for i, path in where.items()):
        return None
    for rec_id, path in where.items():  # with their texts
        if path in fresh and fresh[path].data is not None:
            after.recommendations[rec_id] = fresh[path].data
    with_texts(source, after, [i for i, rec in after.recommendations.items()
                               if not _has_texts(rec)])
    if before.recommendation_paths != after.recommendation_paths:
        return None  # (a file changed again meanwhile)
    items = [Item._make(x) for x in previous.items]
    stats = array("q", previous.stats)
    changed = {}
    for facts in analyze(after, today).facts.values():
        k = previous.at[facts.id]
        items[k] = item(facts)
        stats[4 * k:4 * k + 4] = array("q", _storable(kept.stat(where[facts.id])))
        changed[k] = _search_text(facts, previous, k)
    search, starts, digests = _spliced(previous, changed)
    plan = after.without_records()
    plan.unreadable = restored_problems(stored.get("unreadable"))
    index = ListIndex(plan, stored["rank"], items, search, starts, digests)
    return index, stored["paths"], stats.tobytes()


def _spliced(previous: Previous, changed: dict[int, tuple[bytes, bytes]]
             ) -> tuple[bytes, array, bytes]:
    """The stored search text, starts and digests with the items at ``changed``'s positions
    given new ``(digest, folded text)``."""
    was, search = previous.starts, previous.search
    parts, starts, digests = [], array("q", was), bytearray(previous.digests)
    order = sorted(changed)
    at = shift = 0
    for j, k in enumerate(order):
        digest, folded = changed[k]
        end = was[k + 1] - len(SEPARATOR) if k + 1 < len(was) else len(search)
        parts += [search[at:was[k]], folded]
        at = end
        shift += len(folded) - (end - was[k])
        digests[8 * k:8 * k + 8] = digest
        last = order[j + 1] + 1 if j + 1 < len(order) else len(was)  # up to the next change's
        if shift:
            starts[k + 1:last] = array("q", [n + shift for n in was[k + 1:last]])
    parts.append(search[at:])
    return b"".join(parts), starts, bytes(digests)


def _store(index: ListIndex, paths: str, stats: bytes, today: dt.date, marker) -> dict:
    plan = index.plan
    return {"meta": plan.meta, "themes": plan.themes, "actors": plan.actors,
            "activities": plan.activities,
            "unreadable": stored_problems(plan),
            "rank": index.rank, "items": [tuple(i) for i in index.items],
            "search": index.search, "starts": index.starts.tobytes(), "digests": index.digests,
            "paths": paths, "stats": stats,  # (see columns)
            "today": today.isoformat(), "marker": marker}


def columns(items: list[Item], path_of: dict[str, str], stat: Callable[[str], tuple | None]
            ) -> tuple[str, bytes]:
    """Each item's file and its kept ``lstat``, as the two values :func:`_store` keeps (a
    warm run reads them whole)."""
    paths = [path_of[x.id] for x in items]
    return "\0".join(paths), array("q", [n for path in paths
                                         for n in _storable(stat(path))]).tobytes()


def _storable(stat: tuple | None) -> tuple:
    """An lstat key as four signed 64-bit numbers (or UNKNOWN)."""
    fits = stat is not None and all(-2 ** 63 <= n < 2 ** 63 for n in stat)
    return stat if fits else UNKNOWN


def _restore(root: Path, stored: dict) -> ListIndex:
    plan = Plan(root=root, meta=stored["meta"], actors=stored["actors"], themes=stored["themes"],
                activities=stored["activities"],
                unreadable=restored_problems(stored["unreadable"]))
    starts = array("q")
    starts.frombytes(stored["starts"])
    make = Item._make
    return ListIndex(plan, stored["rank"], [make(i) for i in stored["items"]], stored["search"],
                     starts, stored.get("digests", b""))
