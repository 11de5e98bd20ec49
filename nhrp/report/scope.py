"""Reporters for ``nhrp check-scope``: text (default), json, github annotations, and a Markdown
section for the GitHub job summary."""

from __future__ import annotations

from nhrp.core.scope import ScopeResult
from nhrp.escape import json_text, terminal, workflow_data, workflow_property
from nhrp.report.markdown import cell, text


def who(result: ScopeResult) -> str:
    return "; ".join(terminal(i.label) for i in result.identities) or "nobody (no commits)"


def summary_line(result: ScopeResult) -> str:
    span = f"{result.base[:10]}..{result.head[:10]} (as merged)"
    n = len(result.changed)
    if result.ok:
        return f"check-scope: {n} changed file(s) in {span}, all within scope ({who(result)})"
    return (f"check-scope: {result.offending} of {n} changed file(s) in {span} are outside the "
            f"scope of {who(result)}")


def as_text(result: ScopeResult) -> str:
    lines = [f"{terminal(f.path)}: {terminal(f.reason)}" for f in result.findings]
    return "\n".join(lines + [summary_line(result)]) + "\n"


def as_github(result: ScopeResult) -> str:
    lines = [f"::error file={workflow_property(f.path)},title=check-scope::{workflow_data(f.reason)}"
             for f in result.findings]
    return "\n".join(lines + [summary_line(result)]) + "\n"


def as_json(result: ScopeResult) -> str:
    return json_text(result.as_dict())


def as_markdown_summary(result: ScopeResult) -> str:
    out = ["### nhrp check-scope", "", text(summary_line(result)), ""]
    if result.findings:
        out += ["| file | why it is outside the scope |", "|---|---|"]
        out += [f"| {cell(f.path)} | {cell(f.reason)} |" for f in result.findings[:200]]
        if len(result.findings) > 200:
            out.append(f"\n… and {len(result.findings) - 200} more")
    return "\n".join(out) + "\n"


FORMATS = {"text": as_text, "json": as_json, "github": as_github}
