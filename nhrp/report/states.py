"""Names of recommending States in the reader's language.

The data names States as UN documents do ("Viet Nam", "Iran (Islamic Republic of)"); the file
``templates/locale/states.yaml`` maps those names to ISO 3166-1 codes, and CLDR (through Babel)
names each code in Arabic, Sorani and the other languages it covers. English, and any name or
language CLDR cannot help with, keeps the name as written, marked as English. ``wording`` in that
file replaces CLDR's name where nhrp does not follow it (a plan may replace the file).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from nhrp.core import yamlio
from nhrp.errors import EnvironmentProblem, UsageError
from nhrp.report.i18n import load

FILE = Path("locale") / "states.yaml"


def _read(folders: tuple[Path, ...]) -> tuple[dict, dict]:
    codes: dict[str, str] = {}
    wording: dict[str, dict] = {}
    for folder in reversed(folders):  # lowest priority first: the plan's own file wins
        path = folder / FILE
        if not path.is_file():
            continue
        try:
            data = yamlio.load_bytes(path.read_bytes())
        except yamlio.YamlProblem as exc:
            raise EnvironmentProblem(f"{exc.code} {exc.message}", path=str(path), line=exc.line,
                                     column=exc.column) from None
        if not isinstance(data, dict):
            raise EnvironmentProblem("expected a mapping with 'codes' and 'wording'",
                                     path=str(path))
        codes.update({str(k): str(v) for k, v in (data.get("codes") or {}).items()})
        wording.update({str(k): dict(v) for k, v in (data.get("wording") or {}).items()
                        if isinstance(v, dict)})
    return codes, wording


@lru_cache(maxsize=16)
def _territories(locale: str) -> dict:
    from babel import Locale, UnknownLocaleError

    try:
        return dict(Locale.parse(locale).territories)
    except (UnknownLocaleError, ValueError):
        return {}


class StateNames:
    """``StateNames(lang, locale, folders)(un_name)`` -> ``{"text": ..., "lang": ...}``."""

    def __init__(self, lang: str, locale: str, folders: list[Path]) -> None:
        self.lang, self.locale = lang, locale
        self.codes, self.wording = _read(tuple(folders))

    def __call__(self, name: str) -> dict:
        code = self.codes.get(str(name).strip())
        if code and self.lang != "en":
            own = (self.wording.get(code) or {}).get(self.lang)
            if own:
                return {"text": own, "lang": self.lang}
            found = _territories(self.locale).get(code)
            if found:
                return {"text": found, "lang": self.lang}
        return {"text": str(name), "lang": "en"}


def for_language(lang: str, folders: list[Path]) -> StateNames:
    """State names for ``lang``, with the CLDR locale its catalogue names (``meta.locale``)."""
    try:
        locale = load(lang, folders).strings.get("meta.locale", lang)
    except UsageError:  # a language without a catalogue: CLDR's own code
        locale = lang
    return StateNames(lang, locale, folders)
