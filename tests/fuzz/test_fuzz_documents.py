"""Documents and Federal Register files, generated and damaged: their readers raise only a
DocumentError (a kind and a reason), and the import records a failure with that reason or adds
the document; the catch-all for reader libraries is never what answers."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import strategies as st

from techbloc.documents.errors import DocumentError
from techbloc.documents.extract import read_documents
from techbloc.documents.store import Tagger, import_files, store_tagger
from tests.fuzz.conftest import Stores, tally
from tests.fuzz.document_files import SUFFIXES, damaged_fixture, docx_file, pdf_file, text_file
from tests.fuzz.json_files import fr_json
from tests.fuzz.markup_files import DEEP_MARKUP_CASES, fr_xml, html_page
from tests.fuzz.settings import FUZZ, FUZZ_STORE, fuzz_test

_TAGGERS: dict[int, Tagger] = {}


def _tagger(stores: Stores, con: duckdb.DuckDBPyConnection) -> Tagger:
    """The store's own tagger (as `techbloc import docs` tags), built once per store."""
    if stores.count not in _TAGGERS:
        _TAGGERS.clear()
        _TAGGERS[stores.count] = store_tagger(con)[0]
    return _TAGGERS[stores.count]


def read(data: bytes, name: str, importer: str) -> None:
    """The readers: documents, or a DocumentError with a kind and a reason; nothing else."""
    tally(importer)
    try:
        found = read_documents(data, name)
    except DocumentError as exc:
        assert exc.reason.strip() and exc.kind
        return
    for item in found:
        assert item.document.text.strip() and item.document.content_sha256
        for block in item.document.blocks:
            assert item.document.text[block.start : block.end].strip()


def read_and_import(stores: Stores, data: bytes, name: str, importer: str) -> None:
    """The whole import, tagged as `techbloc import docs` tags: documents added, or failures
    recorded with the reader's own reason."""
    tally(f"{importer} (import)")
    path = stores.file(data, name)
    con = stores.connection()
    before = con.execute("SELECT count(*) FROM documents").fetchone()[0]  # type: ignore[index]
    report = import_files(con, [str(path)], tagger=_tagger(stores, con), tagger_version="fuzz")
    after = con.execute("SELECT count(*) FROM documents").fetchone()[0]  # type: ignore[index]
    assert after - before == len(report.added)
    for failure in report.failures:
        assert failure.reason.strip()
        # the store's last resort for reader libraries ("cannot be read (KeyError: …)") must
        # never be what answers: every reader explains its own failures
        assert not failure.reason.startswith("cannot be read ("), failure.reason


NAME = st.tuples(st.sampled_from(["doc", "规则", "a b"]), st.sampled_from(SUFFIXES)).map("".join)


INPUTS: dict[str, tuple[st.SearchStrategy[bytes], st.SearchStrategy[str]]] = {
    "fr-json": (fr_json(), st.sampled_from(["fr.json", "2022-21658.json", "fr.txt"])),
    "fr-xml": (fr_xml(), st.sampled_from(["fr.xml", "2022-21658.xml", "fr"])),
    "documents-pdf": (pdf_file(), NAME),
    "documents-docx": (docx_file(), NAME),
    "documents-html": (html_page(), NAME),  # also named .pdf, .txt …
    "documents-txt-md": (text_file(), NAME),
    "documents-damaged": (st.one_of(damaged_fixture(), st.binary(max_size=300)), NAME),
}


def _reads(importer: str):  # type: ignore[no-untyped-def]
    data, name = INPUTS[importer]

    def test(data: bytes, name: str) -> None:
        read(data, name, importer)

    return fuzz_test(test, f"test_{importer}_reads", FUZZ, data=data, name=name)


def _imports(importer: str):  # type: ignore[no-untyped-def]
    data, name = INPUTS[importer]

    def test(stores: Stores, data: bytes, name: str) -> None:
        read_and_import(stores, data, name, importer)

    return fuzz_test(test, f"test_{importer}_imports", FUZZ_STORE, data=data, name=name)


test_fr_json_reads, test_fr_json_imports = _reads("fr-json"), _imports("fr-json")
test_fr_xml_reads, test_fr_xml_imports = _reads("fr-xml"), _imports("fr-xml")
test_pdf_reads, test_pdf_imports = _reads("documents-pdf"), _imports("documents-pdf")
test_docx_reads, test_docx_imports = _reads("documents-docx"), _imports("documents-docx")
test_html_reads, test_html_imports = _reads("documents-html"), _imports("documents-html")
test_text_reads, test_text_imports = _reads("documents-txt-md"), _imports("documents-txt-md")
test_damaged_reads = _reads("documents-damaged")
test_damaged_imports = _imports("documents-damaged")


@pytest.mark.parametrize("data", DEEP_MARKUP_CASES)
def test_markup_nested_deeper_than_any_parser_recurses(data: bytes) -> None:
    """Read in time linear in the size (a page of 50,000 nested <p> took 26 s, quadratic in the
    depth, before the HTML reader counted its open tags instead of searching its stack)."""
    for name in ("deep.html", "deep.xml", "deep.txt"):
        read(data, name, "documents-deep-markup")
