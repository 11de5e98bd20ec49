"""The interface catalogues (templates/i18n): same keys in every language, every key a template
uses exists, and numbers and dates are written as each language's readers expect."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from nhrp.core import yamlio
from nhrp.report.i18n import META_KEYS, Catalogue, load
from nhrp.report.render import bundled_templates

TEMPLATES = bundled_templates()
LANGS = ("en", "ar", "ckb")
ROOT = Path(__file__).resolve().parents[2]
# t("key") / t('key', ...) with a literal key; keys built at run time use label(prefix, value)
STATIC_KEY = re.compile(r"""\bt\(\s*["']([a-z0-9_.-]+)["']\s*[,)]""")
DYNAMIC_KEY = re.compile(r"""\bt\(\s*["']([a-z0-9_-]+\.)["']\s*~""")
LABEL_KEY = re.compile(r"""\blabel\(\s*["']([a-z0-9_-]+)["']""")


def catalogue(lang: str) -> dict:
    return yamlio.load_bytes((TEMPLATES / "i18n" / f"{lang}.yaml").read_bytes())


def used_keys() -> tuple[set[str], set[str]]:
    static, prefixes = set(), set()
    sources = list(TEMPLATES.rglob("*.j2")) + list((ROOT / "nhrp" / "report").glob("*.py"))
    for path in sources:
        text = path.read_text(encoding="utf-8")
        static |= set(STATIC_KEY.findall(text))
        static |= set(re.findall(r"""cat\.(?:t|raw|has)\(\s*["']([a-z0-9_.-]+)["']\s*[,)]""", text))
        prefixes |= set(DYNAMIC_KEY.findall(text)) | {p + "." for p in LABEL_KEY.findall(text)}
        prefixes |= set(re.findall(r"""cat\.(?:t|has)\(\s*f?["']([a-z0-9_-]+\.)(?:["']\s*\+|\{)""",
                                   text))
    return static, prefixes


def schema_enum(name: str, *path: str) -> list[str]:
    node = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    for step in path:
        node = node[step]
    return node["enum"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_catalogue_has_every_key_of_the_others(lang):
    keys = set(catalogue(lang))
    for other in LANGS:
        missing = set(catalogue(other)) - keys
        assert not missing, f"{lang}.yaml lacks {sorted(missing)} (present in {other}.yaml)"


def test_templates_use_only_keys_the_catalogues_have():
    static, prefixes = used_keys()
    assert len(static) > 50  # the scan finds the templates' keys
    for lang in LANGS:
        missing = static - set(catalogue(lang))
        assert not missing, f"{lang}.yaml lacks keys used by templates: {sorted(missing)}"
    # keys built at run time: the values come from the schemas' enumerations
    values = {
        "response.": schema_enum("recommendation", "properties", "response"),
        "kind.": schema_enum("actor", "properties", "kind"),
        "role.": ["lead", "support"],
        "side.": ["self", "independent"],
        "activity.": schema_enum("activity", "properties", "status"),
        "indicator.": schema_enum("activity", "properties", "indicators", "items", "properties",
                                  "type"),
    }
    assert prefixes <= set(values), prefixes - set(values)
    for lang in LANGS:
        keys = set(catalogue(lang))
        for prefix, options in values.items():
            for value in options:
                assert prefix + value in keys, f"{lang}.yaml lacks {prefix}{value}"


def test_the_key_scan_would_notice_an_unknown_key(tmp_path):
    assert STATIC_KEY.findall('{{ t("no.such.key") }} {{ t(\'x.y\', n=1) }}') == ["no.such.key", "x.y"]


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_text_is_clean(lang):
    for key, value in catalogue(lang).items():
        assert isinstance(value, str) and value, key
        assert unicodedata.normalize("NFC", value) == value, key
        assert not re.search("[\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]", value), key
    assert set(META_KEYS) <= set(catalogue(lang))
    assert all(f"month.{m}" in catalogue(lang) for m in range(1, 13))


def test_numbers_and_dates_per_language():
    folders = [TEMPLATES]
    en, ar, ckb = (load(lang, folders) for lang in LANGS)
    assert en.num(1234) == "1,234" and en.date("2026-01-15") == "15 January 2026"
    assert ar.num(1234) == "١٬٢٣٤" and ar.date("2026-01-15") == "١٥ كانون الثاني ٢٠٢٦"
    assert ckb.num(1234) == "١٬٢٣٤" and ckb.date("2024-07-03") == "٣ی تەممووزی ٢٠٢٤"
    assert ar.percent(1, 4) == "٢٥٪" and en.percent(0, 0) == "0%"
    assert ar.rtl and ckb.rtl and not en.rtl
    assert ar.date("not a date") == "not a date" and ar.date(None) == ""
    # placeholders: ints are localised, nothing else in the string is interpreted
    assert ar.t("coverage.stale", n=3, months=12).endswith("٣")
    odd = Catalogue("xx", {"k": "{n.__class__} {n:>9} {n}"})
    assert odd.t("k", n=5) == "{n.__class__} {n:>9} 5"


def test_plan_catalogue_overrides_single_keys(tmp_path):
    own = tmp_path / "templates" / "i18n"
    own.mkdir(parents=True)
    (own / "ar.yaml").write_text("month.1: يناير\n", encoding="utf-8")
    cat = load("ar", [tmp_path / "templates", TEMPLATES])
    assert cat.date("2026-01-15") == "١٥ يناير ٢٠٢٦"
    assert cat.raw("month.2") == "شباط"


def test_extended_digits_can_be_chosen():
    cat = Catalogue("ckb", {"meta.digits": "arabext", "meta.group": "٬", "meta.decimal": "٫"})
    assert cat.num(2024) == "۲٬۰۲۴"


def test_unknown_language_is_a_usage_error():
    from nhrp.errors import UsageError

    with pytest.raises(UsageError, match="no interface catalogue for language 'fr'"):
        load("fr", [TEMPLATES])
