"""Reporters for validation results: text (default), json, github annotations."""

from __future__ import annotations

from nhrp.core.names import plural
from nhrp.core.rules.result import Report
from nhrp.escape import terminal, workflow_data, workflow_property
from nhrp.report.markdown import cell
from nhrp.report.rows import json_text

KIND_WORDS = [("recommendation", "recommendation", "recommendations"),
              ("actor", "actor", "actors"),
              ("monitoring-entry", "monitoring entry", "monitoring entries")]
PLAN_WORDS = [("activity", "activity", "activities"),  # said when present
              ("measurement", "measurement", "measurements")]


def summary_line(report: Report) -> str:
    counts = ", ".join(plural(report.counts.get(kind, 0), one, many)
                       for kind, one, many in KIND_WORDS)
    counts += "".join(f", {plural(report.counts[kind], one, many)}"
                      for kind, one, many in PLAN_WORDS if report.counts.get(kind))
    verdict = "no problems" if not report.problems else \
        f"{plural(report.errors, 'error', 'errors')}, {plural(report.warnings, 'warning', 'warnings')}"
    return f"checked {plural(report.files, 'file', 'files')} ({counts}): {verdict}"


def as_text(report: Report) -> str:
    lines = [f"{terminal(p.path)}:{p.line}:{p.column}: {p.code} {terminal(p.message)}"
             for p in report.problems]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def as_json(report: Report) -> str:
    return json_text(report.as_dict())


def as_github(report: Report) -> str:
    """GitHub Actions workflow commands, one annotation per problem."""
    lines = []
    for p in report.problems:
        level = "error" if p.severity == "error" else "warning"
        lines.append(f"::{level} file={workflow_property(p.path)},line={p.line},col={p.column},"
                     f"title={workflow_property(p.code)}::{workflow_data(p.message)}")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def as_markdown_summary(report: Report) -> str:
    """A short Markdown table for $GITHUB_STEP_SUMMARY."""
    out = ["### nhrp validate", "", summary_line(report), ""]
    if report.problems:
        out += ["| file | line | code | problem |", "|---|---|---|---|"]
        out += [f"| {cell(p.path)} | {p.line} | {p.code} | {cell(p.message)} |"
                for p in report.problems[:200]]
        if len(report.problems) > 200:
            out.append(f"\n… and {len(report.problems) - 200} more")
    return "\n".join(out) + "\n"


FORMATS = {"text": as_text, "json": as_json, "github": as_github}
