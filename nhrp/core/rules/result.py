"""The result of a validation run: problems, files checked, records by kind."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from nhrp.core.rules import Problem


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    counts: Counter = field(default_factory=Counter)  # records by kind
    parsed: int = 0  # files read and checked by this run (0 when a stored result was used)

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == "warning")

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def as_dict(self) -> dict:
        return {"ok": self.ok, "files": self.files, "records": dict(sorted(self.counts.items())),
                "errors": self.errors, "warnings": self.warnings,
                "problems": [p.as_dict() for p in self.problems]}
