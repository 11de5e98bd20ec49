"""The list index's text search: one byte string for all records, found with bytes.find."""

from __future__ import annotations

from array import array

from hypothesis import given, settings
from hypothesis import strategies as st

from nhrp.core.index import SEPARATOR, ListIndex

TEXTS = st.lists(st.text(alphabet="abا ءه\n", max_size=12), max_size=8)


def index_of(texts: list[str]) -> ListIndex:
    encoded = [t.encode() for t in texts]
    starts, at = array("q"), 0
    for text in encoded:
        starts.append(at)
        at += len(text) + len(SEPARATOR)
    return ListIndex(None, {}, [], SEPARATOR.join(encoded), starts)


@settings(max_examples=300)
@given(TEXTS, st.text(alphabet="abا ءه\n", min_size=1, max_size=3))
def test_find_is_substring_search_per_record(texts, query):
    assert index_of(texts).find(query) == [i for i, t in enumerate(texts) if query in t]


def test_a_match_never_spans_two_records():
    index = index_of(["torture ab", "cd prevention", "ab"])
    assert index.find("abcd") == [] and index.find("b\0c") == []
    assert index.find("ab") == [0, 2] and index.find("prevention") == [1]


def test_json_rows_are_exactly_the_rows_as_json():
    import datetime as dt

    from conftest import ROOT
    from nhrp.core.analysis import analyze
    from nhrp.core.index import build, row, rows_json
    from nhrp.core.plan import load
    from nhrp.report.rows import json_text

    index = build(analyze(load(ROOT), dt.date(2026, 1, 15)))
    official_only = index.items[0]._replace(texts=("text", {"en": 'Quote " and \\ and \u202e'}))
    for items in (index.items, index.items[:1], [], [official_only]):
        for lang in ("ar", "ckb", "en", "fr"):
            assert rows_json(items, lang) == json_text([row(x, lang) for x in items])
