"""Imports bound what a .docx/.xlsx expands to before any parser sees it: a tiny archive with a
huge part, or millions of paragraphs or rows, is refused with a clear message."""

from __future__ import annotations

import io
import zipfile

import pytest

from conftest import import_builders
from nhrp.core.importers import common, ohchr
from nhrp.errors import UsageError

SAMPLE = "/work/shared/samples/ohchr-thematic-list/UPR20_Slovenia_ThematicListRecommendations_E.docx"


def rezip(source: bytes, replace: dict[str, bytes]) -> bytes:
    """The same archive with some parts replaced (compressed, as Word does)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item.filename, replace.get(item.filename, old.read(item.filename)))
    return out.getvalue()


@pytest.fixture
def docx_bytes(tmp_path) -> bytes:
    pytest.importorskip("docx")
    builders = import_builders()
    return builders.write_docx(tmp_path / "list.docx", builders.CODED_LIST).read_bytes()


def test_a_tiny_docx_with_millions_of_empty_paragraphs_is_refused(docx_bytes, tmp_path):
    body = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            b'wordprocessingml/2006/main"><w:body>' + b"<w:p/><w:p></w:p>" * 600_000
            + b"</w:body></w:document>")
    bomb = rezip(docx_bytes, {"word/document.xml": body})
    assert len(bomb) < 200_000  # tiny on disk
    path = tmp_path / "bomb.docx"
    path.write_bytes(bomb)
    with pytest.raises(UsageError, match=r"holds more than 1,000,000 paragraphs"):
        ohchr.read(path)


def test_a_part_that_expands_past_the_limit_is_refused_before_parsing(docx_bytes, monkeypatch):
    monkeypatch.setattr(common, "MAX_PART_BYTES", 100_000)
    padded = rezip(docx_bytes, {"word/styles.xml": b" " * 200_000})
    with pytest.raises(UsageError, match=r"the part word/styles\.xml expands to 200,000 bytes"):
        ohchr.parse(padded, "padded.docx")


def test_too_many_rows_in_a_sheet_are_refused(monkeypatch):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for i in range(60):
        book.active.append([i, "x"])
    out = io.BytesIO()
    book.save(out)
    monkeypatch.setattr(common, "MAX_ROWS", 50)
    monkeypatch.setitem(common._LIMITS, "rows", 50)
    with pytest.raises(UsageError, match=r"holds more than 50 rows"):
        common.bound_office_file(out.getvalue(), "answers.xlsx", "xlsx")
    monkeypatch.setitem(common._LIMITS, "rows", 60)
    common.bound_office_file(out.getvalue(), "answers.xlsx", "xlsx")  # 60 rows: within


def test_counts_span_chunk_boundaries():
    body = b"x" * ((1 << 20) - 3) + b"<w:p>" + b"<w:p>" * 9
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as z:
        z.writestr("word/document.xml", body)
    limits = {"paragraphs": 9, "rows": 10}
    with pytest.raises(UsageError, match="more than 9 paragraphs"):
        with pytest.MonkeyPatch.context() as m:
            m.setattr(common, "_LIMITS", limits)
            common.bound_office_file(data.getvalue(), "x.docx", "docx")


@pytest.mark.skipif(not __import__("os").path.exists(SAMPLE), reason="shared samples absent")
def test_the_real_sample_is_within_every_bound(monkeypatch):
    with open(SAMPLE, "rb") as handle:
        data = handle.read()
    common.bound_office_file(data, "sample.docx", "docx")  # a real list passes every bound
    # ... and its paragraphs are really counted: a bound below them refuses it
    monkeypatch.setattr(common, "_LIMITS", {**common._LIMITS, "paragraphs": 10})
    with pytest.raises(UsageError, match="more than 10 paragraphs"):
        common.bound_office_file(data, "sample.docx", "docx")


def test_import_responses_bounds_an_xlsx_before_openpyxl_reads_it(tmp_path, monkeypatch):
    """A tiny .xlsx whose sheet expands past the part limit: refused before parsing."""
    pytest.importorskip("openpyxl")
    from nhrp.core import responses

    book = io.BytesIO()
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<row/>" * 200_000)
    path = tmp_path / "answers.xlsx"
    path.write_bytes(book.getvalue())
    with pytest.raises(UsageError, match="holds more than 100,000 rows"):
        responses.read(path, plan=None)
