"""Importers: recommendations from the documents a secretariat actually has.

* :func:`import_ohchr_matrix` — OHCHR's "Thematic list of recommendations" (.docx).
* :func:`import_upr_info` — a UPR Info database export (.csv).

Both parse the file into plain records, map the source's theme labels to the plan's theme
vocabulary (``importers.common.ThemeMapper``), then merge into the plan under the plan lock:
new records are added, existing ones only gain what they lack, and a record whose facts differ
from the file is reported as conflicting and left alone (``common`` explains who owns which
field). Everything is validated with the whole plan before anything is written, through
``edit.apply_updates``; ``dry_run`` validates and reports without writing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from nhrp.core import edit
from nhrp.core.importers import common, ohchr, uprinfo
from nhrp.core.importers.common import ImportResult, ThemeMapper
from nhrp.errors import UsageError

__all__ = ["ImportResult", "import_ohchr_matrix", "import_upr_info"]


def import_ohchr_matrix(root: Path, file: Path, *, cycle: int, document: str | None = None,
                        today: dt.date, dry_run: bool = False, overwrite: bool = False,
                        do_commit: bool = False) -> ImportResult:
    file = Path(file)
    parsed = ohchr.read(file)
    result = ImportResult("ohchr-matrix", file.name, cycle, dry_run=dry_run, overwrite=overwrite)
    result.notes.extend(parsed.notes)

    def records(plan) -> list[dict]:
        source = document or parsed.report_document or _first(common.plan_documents(plan, cycle))
        if not source:
            raise UsageError("the list cites no report symbol and the plan lists no document for "
                             f"cycle {cycle}: give the Working Group report with --document "
                             "(e.g. A/HRC/43/14)")
        _check_symbol(source)
        known = common.plan_documents(plan, cycle)
        if known and source not in known:
            result.notes.append(f"the recommendations come from {source}, which nhrp.yaml does not "
                                f"list for cycle {cycle} ({', '.join(known)}): is this the list "
                                "for this State and cycle?")
        result.details.update({"layout": parsed.layout, "document": source})
        mapper = ThemeMapper(plan.themes)
        out = []
        for row in parsed.rows:
            record = {
                "id": f"upr{cycle}-{row.paragraph}",
                "cycle": cycle,
                "source": {"document": source, "paragraph": row.paragraph},
                "recommending_states": row.states,
                "response": row.response,
                "themes": mapper.map(row.labels, result.unmapped),
                "sdg_goals": sorted(row.sdg_goals),
                "affected_persons": row.affected_persons,
                "text": {"en": row.text},
                "position_sources": row.position_sources,
                "source_themes": row.labels,
            }
            out.append({k: v for k, v in record.items() if v not in ([], None)})
        return out

    return _run(root, records, result, today=today, do_commit=do_commit)


def import_upr_info(root: Path, file: Path, *, state: str, cycle: int, session: int | None = None,
                    document: str | None = None, encoding: str | None = None, today: dt.date,
                    dry_run: bool = False, overwrite: bool = False,
                    do_commit: bool = False) -> ImportResult:
    file = Path(file)
    parsed = uprinfo.parse(common.read_input(file), state=state, session=session,
                           encoding=encoding, name=file.name)
    result = ImportResult("upr-info", file.name, cycle, dry_run=dry_run, overwrite=overwrite)
    result.details.update({"state": parsed.state, "session": parsed.session,
                           "encoding": parsed.encoding, "rows": parsed.rows})
    result.notes.extend(parsed.notes)

    def records(plan) -> list[dict]:
        source = document or _first(common.plan_documents(plan, cycle))
        if not source:
            raise UsageError(f"the plan lists no document for cycle {cycle} in nhrp.yaml: give the "
                             "Working Group report with --document (e.g. A/HRC/43/14)")
        _check_symbol(source)
        result.details["document"] = source
        names = {v.casefold() for v in ((plan.meta.get("state") or {}).get("name") or {}).values()}
        if names and parsed.state.casefold() not in names:
            result.notes.append(f"the plan is about {', '.join(sorted(names))}, not "
                                f"{parsed.state}: is --state right?")
        mapper = ThemeMapper(plan.themes, uprinfo.ALIASES)
        out, seen = [], {}
        for group in parsed.groups:
            rec_id = group.record_id(cycle)
            if rec_id in seen:  # two different texts with the same 8-digit hash
                raise UsageError(f"two recommendations get the id {rec_id} (lines {seen[rec_id]} "
                                 f"and {group.lines[0]}); please report this")
            seen[rec_id] = group.lines[0]
            record = {
                "id": rec_id,
                "cycle": cycle,
                "source": {"document": source, "session": group.session},
                "recommending_states": group.states,
                "response": group.response,
                "action_category": max(group.actions) if group.actions else None,
                "themes": mapper.map(group.labels, result.unmapped),
                "text": {"en": group.text},
                "source_themes": group.labels,
            }
            out.append({k: v for k, v in record.items() if v not in ([], None)})
        return out

    return _run(root, records, result, today=today, do_commit=do_commit)


def _first(items: list[str]) -> str | None:
    return items[0] if items else None


def _check_symbol(symbol: str) -> None:
    import re

    if not re.fullmatch(r"[A-Z][A-Za-z0-9./-]*", symbol) or len(symbol) > 64:
        raise UsageError(f"'{symbol}' is not a UN document symbol such as A/HRC/43/14")


def _run(root: Path, make_records, result: ImportResult, *, today: dt.date,
         do_commit: bool) -> ImportResult:
    with edit.writing(root, do_commit and not result.dry_run) as (loaded, plan):
        common.check_cycle(plan, result.cycle, result)
        records = make_records(plan)
        common.check_placeholder(plan, records, result)
        updates = common.merge(plan, records, result, overwrite=result.overwrite)
        common.write(root, loaded, updates, result, today=today)
    if do_commit and not result.dry_run and result.written:
        counts = ", ".join(f"{len(ids)} {what}" for what, ids in
                           (("added", result.added), ("updated", result.updated)) if ids)
        message = (f"Import cycle {result.cycle} recommendations from {result.file} "
                   f"({result.source}): {counts}")
        result.commit = edit.commit(root, result.written, message)
    return result
