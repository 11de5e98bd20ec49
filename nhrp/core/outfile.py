"""Writing what a command makes for people (a report, an export, a workbook) to the file they
name: never into a folder, atomically (a crash leaves the old file or none), and readable by
others as any new file of theirs would be (not the temporary file's 0600)."""

from __future__ import annotations

import os
from pathlib import Path

from nhrp.core.fsutil import atomic_write_bytes
from nhrp.errors import UsageError


def write_document(out: Path, data: str | bytes) -> None:
    out = Path(out)
    if out.is_dir():
        raise UsageError(f"--out {out} is a folder; give a file name")
    atomic_write_bytes(out, data.encode("utf-8") if isinstance(data, str) else data)
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(out, 0o666 & ~mask)  # a document is for sharing
