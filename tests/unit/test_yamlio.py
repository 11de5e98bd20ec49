"""The one YAML loader: safe, strict, and honest about YAML 1.1 typing traps."""

from __future__ import annotations

import pytest

from nhrp.core import yamlio


def test_dates_stay_text_and_only_true_false_are_booleans():
    data = yamlio.loads("a: 2024-05-01\nb: no\nc: yes\nd: true\ne: off\n")
    assert data == {"a": "2024-05-01", "b": "no", "c": "yes", "d": True, "e": "off"}


def test_numbers_are_still_numbers_so_the_schema_can_report_them():
    assert yamlio.loads("p: 127.10\n") == {"p": 127.1}


@pytest.mark.parametrize("text, code", [
    ("a: 1\na: 2\n", "Y103"),
    ("a: &x [1]\nb: *x\n", "Y104"),
    ("a: &x {k: 1}\nb:\n  <<: *x\n", "Y104"),
    ("!!python/object/apply:os.system ['true']\n", "Y108"),
    ("a: !!binary aGk=\n", "Y108"),
    ("a: !!set {x}\n", "Y108"),
    ("a: !local 1\n", "Y108"),
    ("a: [1,\n", "Y101"),
])
def test_refused_documents(text, code):
    with pytest.raises(yamlio.YamlProblem) as caught:
        yamlio.loads(text)
    assert caught.value.code == code
    assert caught.value.line >= 1


def test_alias_bomb_is_refused_fast():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join('*' + chr(97 + i) for _ in range(9))}]\n"
        for i in range(8))
    with pytest.raises(yamlio.YamlProblem) as caught:
        yamlio.loads(bomb)
    assert caught.value.code == "Y104"


def test_deep_nesting_is_refused():
    with pytest.raises(yamlio.YamlProblem) as caught:
        yamlio.loads("a: " + "[" * 200 + "]" * 200 + "\n")
    assert caught.value.code == "Y106"


def test_decode_rejects_non_utf8_with_position_and_accepts_bom():
    with pytest.raises(yamlio.YamlProblem) as caught:
        yamlio.decode(b"a: 1\nb: caf\xe9\n")
    assert (caught.value.code, caught.value.line, caught.value.column) == ("Y102", 2, 7)
    assert yamlio.load_bytes("\ufeffa: 1\n".encode("utf-8")) == {"a": 1}


def test_utf16_is_not_silently_accepted():
    with pytest.raises(yamlio.YamlProblem) as caught:
        yamlio.load_bytes("a: 1\n".encode("utf-16"))
    assert caught.value.code == "Y102"


def test_size_limit_is_configurable(monkeypatch):
    monkeypatch.setenv("NHRP_MAX_FILE_BYTES", "10")
    with pytest.raises(yamlio.YamlProblem) as caught:
        yamlio.load_bytes(b"a: 12345678901\n")
    assert caught.value.code == "Y105"


def test_dump_quotes_what_would_change_type_and_round_trips():
    data = {"id": "upr2-127.10", "paragraph": "127.10", "d": "2024-05-01", "w": "no",
            "ar": "المرأة", "multi": "line one\nline two\n", "n": 5}
    text = yamlio.dumps(data)
    assert "paragraph: '127.10'" in text and "d: '2024-05-01'" in text and "w: 'no'" in text
    assert "ar: المرأة" in text
    assert yamlio.loads(text) == data


def test_locate_points_at_values_keys_and_falls_back_to_the_parent():
    text = "a:\n  b: [1, 2]\n  c: 127.10\n"
    assert yamlio.locate(text, ("a", "c")) == yamlio.Position(3, 6, "127.10")
    at = [yamlio.locate(text, path, key=key) for path, key in
          ((("a", "c"), True), (("a", "b", 1), False), (("a", "missing"), False))]
    assert [(p.line, p.column) for p in at] == [(3, 3), (2, 10), (2, 3)]
