"""Look-alike text: one name must not pass for another.

Two defences. A *word* that mixes Latin with Cyrillic or Greek letters ("Justicе" with a
Cyrillic е) is never a real name (rule T505). And two actors whose names reduce to the same
*skeleton* — case, accents, Latin/Cyrillic/Greek look-alikes and Arabic-script spelling
variants folded away — are reported (rule R312), so an actor file cannot impersonate another.
"""

from __future__ import annotations

import re
import unicodedata

from nhrp.core.textfold import fold

_LOOKALIKE = str.maketrans({
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "ӏ": "l", "ԛ": "q", "ԝ": "w", "ү": "y", "һ": "h",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "ω": "w", "γ": "y",
    # digits and signs that pass for letters
    "0": "o", "1": "l", "|": "l",
})
_OTHER_LETTERS = re.compile("[\u0370-\u03ff\u0400-\u052f]")
_WORD = re.compile(r"\w+")
_NOT_LETTER = re.compile(r"[\W_]+")


def skeleton(name: str) -> str:
    """What a name looks like, for comparing names that should not look alike."""
    return _NOT_LETTER.sub("", fold(unicodedata.normalize("NFKC", name)).translate(_LOOKALIKE))


def _script(ch: str) -> str:
    try:
        return unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return ""


def mixed_script_words(text: str) -> list[str]:
    """Words that mix Latin with Cyrillic or Greek letters."""
    if not _OTHER_LETTERS.search(text):
        return []
    found = []
    for word in _WORD.findall(text):
        scripts = {_script(ch) for ch in word if ch.isalpha()}
        if "LATIN" in scripts and scripts & {"CYRILLIC", "GREEK"}:
            found.append(word)
    return found
