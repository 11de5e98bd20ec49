"""Folding text for search: case, diacritics and Arabic-script spelling variants.

Arabic and Kurdish writers spell the same word several ways: hamza forms of alef (أ إ آ ٱ),
taa marbuta or haa (ة/ه), alef maqsura or yaa (ى/ي), Persian/Kurdish yeh and kaf (ی ک) against
Arabic ي ك, tatweel (ـ) for justification, and optional harakat. Search folds both the query
and the data the same way, so any spelling finds the others.
"""

from __future__ import annotations

import re
import unicodedata

_VARIANTS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ة": "ه", "ە": "ه", "ۀ": "ه", "ھ": "ه",
    "ى": "ي", "ی": "ي", "ې": "ي", "ێ": "ي", "ئ": "ي",
    "ک": "ك", "ؤ": "و", "ۆ": "و",
    "ـ": "", "\u200c": "", "\u200d": "", "\u200e": "", "\u200f": "", "\u061c": "",
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # Extended (Persian/Kurdish) digits
}
# a regex with a lookup: str.translate takes a slow path on non-ASCII text (~6x slower)
_VARIANT = re.compile("[" + "".join(re.escape(ch) for ch in _VARIANTS) + "]")


def _unify(match: re.Match) -> str:
    return _VARIANTS[match.group()]


_MARKS: set[str] = set()  # the combining marks met so far
_MET: set[str] = set()  # every character met so far
_STRIP = re.compile("(?!)")  # matches the marks met so far


def fold(text: str) -> str:
    """Lower-case, strip combining marks (Latin accents and Arabic harakat), unify variants."""
    global _STRIP
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if not decomposed.isascii():  # ASCII has no combining marks
        new = set(decomposed) - _MET  # set operations and a regex: C speed, not a Python loop
        if new:
            _MET.update(new)
            marks = {ch for ch in new if unicodedata.combining(ch)}
            if marks:
                _MARKS.update(marks)
                _STRIP = re.compile("[" + "".join(re.escape(ch) for ch in sorted(_MARKS)) + "]")
        decomposed = _STRIP.sub("", decomposed)
    return _VARIANT.sub(_unify, unicodedata.normalize("NFC", decomposed))
