"""Text hygiene (T5xx): characters that make text display or compare differently from what is
stored — bidi controls, invisible and control characters, text not in NFC, words mixing Latin
with Cyrillic or Greek look-alikes."""

from __future__ import annotations

import re
import unicodedata

from nhrp.core.rules import Problem, json_path_text
from nhrp.core.rules.confusables import mixed_script_words

_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_ZERO_WIDTH = re.compile("[\u200b\u2060-\u2064\ufeff\u180e\u00ad\U000e0000-\U000e007f]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")  # + XML-forbidden
_ATTENTION = re.compile("[\u202a-\u202e\u2066-\u2069\u200b\u2060-\u2064\ufeff\u180e\u00ad"
                        "\U000e0000-\U000e007f\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
                        "\u0370-\u03ff\u0400-\u052f]")  # + Greek, Cyrillic


def text_hygiene(path: str, data: dict, text: str | None) -> list[Problem]:
    """Bidi controls, zero-width and control characters, non-NFC text, look-alike letters,
    string by string — but only when the file could hold one: a clean file (the common case)
    is decided by a scan of its text. Raw control characters cannot get past the YAML parser,
    but a double-quoted escape such as \\u202e can, so a backslash counts as suspect."""
    if text is None:
        text = "\n".join(s for s, _ in strings(data, ()))
        suspect = True  # built from the values: escapes are already decoded
    else:
        suspect = "\\" in text
    if not suspect and text.isascii():
        return []
    if not suspect and _ATTENTION.search(text) is None and unicodedata.is_normalized("NFC", text):
        return []
    out = []
    for s, at in strings(data, ()):
        if s.isascii() and _CONTROL.search(s) is None:
            continue
        words = mixed_script_words(s)
        if words:
            out.append(Problem(path, "T505", f"{json_path_text(at) or 'text'}: '{words[0]}' "
                               "mixes Latin with Cyrillic or Greek letters that look the same; "
                               "retype it", at))
        out += _text_problems(path, s, at)
    return out


def strings(value, at: tuple):
    """Every string in the data, keys included, with its place."""
    stack = [(value, at)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            for key, sub in node.items():
                if isinstance(key, str):
                    yield key, where + (key,)
                stack.append((sub, where + (key,)))
        elif isinstance(node, list):
            stack.extend((sub, where + (i,)) for i, sub in enumerate(node))
        elif isinstance(node, str):
            yield node, where


def _text_problems(path: str, text: str, at: tuple) -> list[Problem]:
    field_name = json_path_text(at) or "text"
    out = []
    if _BIDI.search(text):
        ch = _BIDI.search(text).group()
        out.append(Problem(path, "T501", f"{field_name}: bidirectional control character "
                           f"U+{ord(ch):04X} can make text display differently from what is stored; "
                           "remove it", at))
    if _ZERO_WIDTH.search(text):
        ch = _ZERO_WIDTH.search(text).group()
        out.append(Problem(path, "T502", f"{field_name}: invisible character U+{ord(ch):04X}; "
                           "remove it (ZWNJ U+200C and ZWJ U+200D are allowed)", at))
    if _CONTROL.search(text.replace("\t", "")):
        ch = _CONTROL.search(text.replace("\t", "")).group()
        what = "noncharacter" if ord(ch) >= 0xfdd0 else "control character"
        out.append(Problem(path, "T504", f"{field_name}: {what} U+{ord(ch):04X}; "
                           "remove it", at))
    if not unicodedata.is_normalized("NFC", text):
        out.append(Problem(path, "T503", f"{field_name}: text is not in Unicode NFC form (e.g. a "
                           "letter and a separate combining mark); 'nhrp fmt' does not change "
                           "text: retype it or normalise it to NFC", at))
    return out
