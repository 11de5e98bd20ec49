"""Interface strings, numbers and dates per language, from the catalogues in templates/i18n/.

A catalogue is a flat YAML mapping ``key: text``. Besides the interface strings it holds how the
language writes numbers and dates (``meta.*``; month names come from CLDR for ``meta.locale``
through Babel unless ``month.1`` … ``month.12`` are given), so a plan can
change them by overriding one file (``<plan>/templates/i18n/ar.yaml`` holding only the keys it
changes). The choices shipped (docs/reports.md):

* en: Western digits, "15 January 2026", "1,234".
* ar: Arabic-Indic digits (٠–٩, U+0660–U+0669) and the month names used in Iraq and the Levant
  (كانون الثاني، شباط …): "١٥ كانون الثاني ٢٠٢٦", "١٬٢٣٤".
* ckb: the same Arabic-Indic digits (as the plan's own Sorani texts use) and the Sorani month
  names of the Gregorian calendar (کانوونی دووەم، شوبات …).

``meta.digits`` is ``latn``, ``arab`` or ``arabext`` (Extended Arabic-Indic, U+06F0–U+06F9, which
some Sorani and Persian writers prefer). Identifiers, document symbols and paragraph numbers are never localised: they are codes.

Placeholders are ``{name}``; nothing else in a catalogue string is interpreted (no attribute
access, no format specs), so a plan's catalogue cannot reach into Python objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nhrp.core import yamlio
from nhrp.errors import EnvironmentProblem, UsageError

BASE_LANG = "en"
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_DIGIT_SYSTEMS = {"latn": None,
                  "arab": str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"),  # U+0660-0669
                  "arabext": str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")}  # U+06F0-06F9
META_KEYS = ("meta.name", "meta.dir", "meta.digits", "meta.group", "meta.decimal",
             "meta.percent", "meta.date", "meta.month_year", "meta.quarter",
             "meta.list_separator", "meta.locale")


def _read(path: Path) -> dict[str, str]:
    try:
        data = yamlio.load_bytes(path.read_bytes())
    except yamlio.YamlProblem as exc:
        raise EnvironmentProblem(f"{exc.code} {exc.message}", path=str(path), line=exc.line,
                                 column=exc.column) from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                             for k, v in data.items()):
        raise EnvironmentProblem("a catalogue must be a flat mapping of key: text", path=str(path))
    return data


def catalogue_files(folders: list[Path], lang: str) -> list[Path]:
    """The files for ``lang`` in the template folders, lowest priority first."""
    return [f / "i18n" / f"{lang}.yaml" for f in reversed(folders)
            if (f / "i18n" / f"{lang}.yaml").is_file()]


def available(folders: list[Path]) -> list[str]:
    found = {p.stem for f in folders if (f / "i18n").is_dir() for p in (f / "i18n").glob("*.yaml")}
    return sorted(found)


@dataclass
class Catalogue:
    lang: str
    strings: dict[str, str]

    @property
    def dir(self) -> str:
        return "rtl" if self.strings.get("meta.dir") == "rtl" else "ltr"

    @property
    def rtl(self) -> bool:
        return self.dir == "rtl"

    def has(self, key: str) -> bool:
        return key in self.strings

    def raw(self, key: str) -> str:
        try:
            return self.strings[key]
        except KeyError:
            raise EnvironmentProblem(f"the template uses the interface string '{key}', which "
                                     f"no catalogue for '{self.lang}' defines") from None

    def t(self, key: str, **values) -> str:
        """The string for ``key`` with ``{name}`` placeholders filled; ints are localised."""
        text = self.raw(key)
        return _PLACEHOLDER.sub(lambda m: self.value(values[m.group(1)])
                                if m.group(1) in values else m.group(0), text)

    def value(self, v) -> str:
        if isinstance(v, bool):
            return str(v)
        if isinstance(v, int):
            return self.num(v)
        return str(v)

    def digits(self, text: str) -> str:
        table = _DIGIT_SYSTEMS.get(self.strings.get("meta.digits", "latn"))
        return str(text).translate(table) if table else str(text)

    def num(self, n) -> str:
        if isinstance(n, float):
            whole = f"{n:,.1f}"
        else:
            whole = f"{int(n):,}"
        group, decimal = self.strings.get("meta.group", ","), self.strings.get("meta.decimal", ".")
        whole = whole.replace(",", "\0").replace(".", decimal).replace("\0", group)
        return self.digits(whole)

    def percent(self, part: int, whole: int) -> str:
        value = round(100 * part / whole) if whole else 0
        return self.raw("meta.percent").replace("{n}", self.num(value))

    def month(self, month: int) -> str:
        """The month's name: the catalogue's ``month.N`` when it has one (a plan's wording),
        else CLDR's for ``meta.locale`` (Babel)."""
        own = self.strings.get(f"month.{month}")
        return own if own is not None else _cldr_months(self.strings.get("meta.locale",
                                                                         self.lang))[month]

    def date(self, iso: str | None) -> str:
        """A YYYY-MM-DD date as readers of the language write it; other text is returned as is."""
        if not iso:
            return ""
        text = str(iso)
        match = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", text[:10])
        if not match or not 1 <= int(match.group(2)) <= 12:
            return text
        y, m, d = match.groups()
        return (self.raw("meta.date").replace("{d}", self.digits(str(int(d))))
                .replace("{month}", self.month(int(m))).replace("{y}", self.digits(y)))

    def month_year(self, iso: str) -> str:
        match = re.fullmatch(r"([0-9]{4})-([0-9]{2}).*", str(iso))
        if not match or not 1 <= int(match.group(2)) <= 12:
            return str(iso)
        y, m = match.groups()
        return (self.raw("meta.month_year").replace("{month}", self.month(int(m)))
                .replace("{y}", self.digits(y)))

    def join(self, items) -> str:
        return self.raw("meta.list_separator").join(str(i) for i in items)


@lru_cache(maxsize=8)
def _cldr_months(locale: str) -> dict[int, str]:
    from babel import UnknownLocaleError
    from babel.dates import get_month_names

    try:
        return dict(get_month_names("wide", "format", locale))
    except (UnknownLocaleError, ValueError):
        raise EnvironmentProblem(f"meta.locale '{locale}': CLDR has no such locale; give "
                                 "month.1 ... month.12 in the catalogue instead") from None


def load(lang: str, folders: list[Path]) -> Catalogue:
    """The catalogue for ``lang``: English as the base, then each folder's file for ``lang``
    (bundled first, the plan's own and ``--template`` last, so they win)."""
    own = catalogue_files(folders, lang)
    if not own:
        raise UsageError(f"no interface catalogue for language '{lang}' (available: "
                         f"{', '.join(available(folders))}); add i18n/{lang}.yaml to a "
                         "template folder")
    strings: dict[str, str] = {}
    for path in catalogue_files(folders, BASE_LANG) if lang != BASE_LANG else []:
        strings.update(_read(path))
    for path in own:
        strings.update(_read(path))
    return Catalogue(lang, strings)
