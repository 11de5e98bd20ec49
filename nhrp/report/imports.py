"""What an import did, as lines for people or as JSON: ``nhrp import ohchr-matrix``,
``upr-info``, ``plan-matrix`` and ``responses`` (results from nhrp.core.importers and
nhrp.core.intake)."""

from __future__ import annotations

import json

from nhrp.core.names import plural
from nhrp.escape import json_safe

CONFLICTS_SHOWN = 30


def as_json(result) -> str:
    return json_safe(json.dumps(result.as_dict(), ensure_ascii=False, indent=2)) + "\n"


def recommendations(result) -> list[str]:
    """An OHCHR matrix or UPR Info import (nhrp.core.importers.ImportResult)."""
    details = result.as_dict()
    about = ", ".join(f"{k} {details[k]}" for k in ("layout", "state", "session", "encoding",
                                                     "document") if details.get(k) is not None)
    count = plural(result.total, "recommendation", "recommendations")
    lines = [f"{result.file}: {count} of cycle {result.cycle}" + (f" ({about})" if about else "")]
    lines += _counts(result)
    if result.conflicts:
        kept = "taken from the file (--overwrite)" if result.overwrite else \
            "left as the plan has them (rerun with --overwrite to take the file's values)"
        lines += _conflicts(result, kept)
    if result.unmapped:
        lines.append("  theme labels that map to no theme of the plan (kept in source_themes; "
                     "add them to the ohchr lists in data/vocabularies/themes.yaml):")
        lines += [f"    {label} ({count})" for label, count
                  in sorted(result.unmapped.items(), key=lambda kv: (-kv[1], kv[0]))]
    lines += [f"  note: {note}" for note in result.notes]
    return lines + [_outcome(result)]


def activities(result) -> list[str]:
    """A plan-matrix import (nhrp.core.importers.planmatrix_merge.MatrixResult)."""
    verb = "would be " if result.dry_run else ""
    found = result.added + result.updated + result.unchanged + result.conflicting
    lines = [f"{result.file}: {result.rows} row(s), {len(found)} activity(ies)"]
    lines += _counts(result)[:1]
    if result.axes_added:
        lines.append(f"  axes {verb}added to nhrp.yaml: {', '.join(result.axes_added)}")
    lines += _counts(result)[1:]
    if result.conflicts:
        lines += _conflicts(result, "left as the plan has them (change the plan or the file)")
    return lines + [_outcome(result)]


def answers(outcome, dry_run: bool) -> list[str]:
    """Answers to the forms (nhrp.core.intake.Outcome); the rejected rows are not here: they
    go to standard error."""
    verb = "would be " if dry_run else ""
    lines = [f"{outcome.file}: {outcome.kind} answers ({outcome.source})"]
    lines += [f"  {verb}imported {line}" for line in outcome.new]
    lines.append(f"  new: {len(outcome.new)}, already imported: {len(outcome.already)}, "
                 f"pending review: {len(outcome.pending)}, rejected: {len(outcome.rejected)}")
    if outcome.pending:
        lines.append("  answers from organisations that are not actors of the plan: "
                     "see 'nhrp participation pending'")
    if dry_run:
        lines.append("dry run: nothing was written")
    elif outcome.commit:
        lines.append(f"committed {outcome.commit}")
    return lines


def _counts(result) -> list[str]:
    verb = "would be " if result.dry_run else ""
    lines = [f"  {verb}added: {len(result.added)}, {verb}updated: {len(result.updated)}, "
             f"unchanged: {len(result.unchanged)}, conflicting: {len(result.conflicting)}"]
    return lines + [f"  {label}: {_ids(ids)}" for label, ids
                    in (("added", result.added), ("updated", result.updated)) if ids]


def _conflicts(result, kept: str) -> list[str]:
    lines = [f"  conflicting, {kept}:"]
    lines += [f"    {c.id} {c.field}: plan {_short(c.plan)} / file {_short(c.file)}"
              for c in result.conflicts[:CONFLICTS_SHOWN]]
    if len(result.conflicts) > CONFLICTS_SHOWN:
        lines.append(f"    ... and {len(result.conflicts) - CONFLICTS_SHOWN} more "
                     "(--format json lists all)")
    return lines


def _outcome(result) -> str:
    if result.dry_run:
        return "dry run: nothing was written"
    if result.commit:
        return f"committed {result.commit}"
    if result.written:
        return f"wrote {plural(len(result.written), 'file', 'files')}"
    return "nothing to change"


def _ids(ids: list[str], limit: int = 12) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f", ... ({len(ids)} in all)" if len(ids) > limit else "")


def _short(value, limit: int = 70) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"
