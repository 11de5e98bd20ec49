"""Two YAML readings compared exactly: same types, same key order, NaN equal to NaN — what the
fast loaders must give to stand in for the strict one."""

from __future__ import annotations

import math


def same_reading(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same_reading(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_reading(x, y) for x, y in zip(a, b))
    return a == b
