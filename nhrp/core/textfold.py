"""Folding text for search: case, diacritics and Arabic-script spelling variants.

Arabic and Kurdish writers spell the same word several ways: hamza forms of alef (أ إ آ ٱ),
taa marbuta or haa (ة/ه), alef maqsura or yaa (ى/ي), Persian/Kurdish yeh and kaf (ی ک) against
Arabic ي ك, tatweel (ـ) for justification, and optional harakat. Search folds both the query
and the data the same way, so any spelling finds the others.
"""

from __future__ import annotations

import unicodedata

_TABLE = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ة": "ه", "ە": "ه", "ۀ": "ه", "ھ": "ه",
    "ى": "ي", "ی": "ي", "ې": "ي", "ێ": "ي", "ئ": "ي",
    "ک": "ك", "ؤ": "و", "ۆ": "و",
    "ـ": None, "\u200c": None, "\u200d": None, "\u200e": None, "\u200f": None, "\u061c": None,
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # Extended (Persian/Kurdish) digits
})


def fold(text: str) -> str:
    """Lower-case, strip combining marks (Latin accents and Arabic harakat), unify variants."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).translate(_TABLE)
