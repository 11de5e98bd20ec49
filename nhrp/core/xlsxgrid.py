"""The rows of a worksheet as they hold values, bounded.

openpyxl pads every row to the sheet's declared size: one cell typed at XFD1048576 (or a
whole column formatted, as ministries' sheets often are) declares a sheet of a million rows by
16,384 columns, and reading it "row by row" never ends. Here the declared size is ignored:
rows are as long as their last cell, empty rows at the end are dropped, and a value beyond
``MAX_ROWS`` is refused with a message instead of hours of work.
"""

from __future__ import annotations

from nhrp.errors import UsageError

MAX_ROWS = 100_000


def rows(sheet, name: str, *, min_row: int = 1) -> list[list]:
    """The values of ``sheet`` from ``min_row`` on, one list per row, gaps kept as empty lists
    (so that the position still gives the row number). ``sheet`` comes from a workbook opened
    with ``read_only=True``."""
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()  # forget the declared size: no padding to it
    out: list[list] = []
    kept = 0  # rows up to the last that holds a value
    for number, values in enumerate(sheet.iter_rows(min_row=min_row, values_only=True),
                                    start=min_row):
        values = list(values)
        while values and values[-1] in (None, ""):
            values.pop()
        if values:
            if number > MAX_ROWS:
                raise UsageError(f"{name}:row {number}: the sheet holds values beyond row "
                                 f"{MAX_ROWS:,}; nhrp imports sheets up to that size (delete the "
                                 "stray cells below the table)")
            kept = len(out) + 1
        if number <= MAX_ROWS:
            out.append(values)
    return out[:kept]
