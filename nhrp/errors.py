"""Domain exceptions. Everything below the CLI raises these; the CLI's single error
boundary turns each into one line and its documented exit code."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    INVALID = 1  # the data is invalid or a check failed
    USAGE = 2  # the command line is wrong
    ENVIRONMENT = 3  # no plan repository, not a git repository, unreadable files, ...


class NhrpError(Exception):
    """Base class; ``exit_code`` says how the CLI ends."""

    exit_code = ExitCode.ENVIRONMENT

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path
            if self.line:
                where += f":{self.line}:{self.column or 1}"
            where += ": "
        return where + self.message


class UsageError(NhrpError):
    """The request cannot be understood: unknown id, bad option value, bad date."""

    exit_code = ExitCode.USAGE


class EnvironmentProblem(NhrpError):
    """The world around the data is wrong: no plan found, no git, file system trouble."""

    exit_code = ExitCode.ENVIRONMENT


class InvalidData(NhrpError):
    """The data (or a proposed change to it) breaks the schema or a rule."""

    exit_code = ExitCode.INVALID

    def __init__(self, message: str, problems: list | None = None, **kw) -> None:
        super().__init__(message, **kw)
        self.problems = problems or []
