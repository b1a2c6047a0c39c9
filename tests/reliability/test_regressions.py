"""The crashes and losses that fuzzing found, each with its minimal input, and what now happens.
(docs/benchmarks.md, "Fuzzing the importers", lists them with how each was found.)"""

from __future__ import annotations

import datetime as dt
import io
import json
import struct
import zipfile
from pathlib import Path

import pytest

from techbloc.documents.cleaning import hyphenated_words
from techbloc.documents.errors import DocumentError
from techbloc.documents.extract import read_documents
from techbloc.documents.store import import_documents
from techbloc.errors import InvalidArgument
from techbloc.ingest import csl, ftm
from techbloc.ingest.gdelt.files import describe
from techbloc.ingest.gdelt.importer import import_gdelt
from techbloc.ingest.lists import import_list_file
from techbloc.ingest.records import ListedRecord, Rejection
from techbloc.ingest.supply import import_supply_source
from techbloc.kb.yaml_io import UnreadableYaml, read_yaml
from techbloc.matching.batch import read_queries
from tests.reliability.digests import rows

EL = "Entity List (EL) - Bureau of Industry and Security"


def items(path: Path, data: bytes) -> list[ListedRecord | Rejection]:
    path.write_bytes(data)
    return list(csl.read_csl(path))


def reasons(found: list[object]) -> list[tuple[int, str]]:
    return [(r.row, r.reason) for r in found if isinstance(r, Rejection)]


@pytest.mark.parametrize(
    ("data", "names", "rejected"),
    [
        # UnicodeDecodeError: a GBK row stopped the whole file; now that row alone is quarantined
        ("source,name\nEL,华为\nEL,Good\n".encode("gbk"), ["Good"], [(2, "not UTF-8")]),
        # UnicodeDecodeError: a UTF-16 file (with its byte-order mark) is read as UTF-16
        ("source,name\nEL,华为\n".encode("utf-16"), ["华为"], []),
        # UnicodeDecodeError in the new reader: an odd byte after a UTF-16 byte-order mark
        (b"\xff\xfe\n", [], [(1, "header cannot be read")]),
        # csv.Error "field larger than field limit (131072)": a 200,000-character cell lands
        (b"source,name,remarks\nEL,Long," + b"r" * 200_000 + b"\n", ["Long"], []),
        # a row cut off inside its quotes landed with its cells cut short; now it is quarantined
        (b'source,name\nEL,Good\nEL,"Cut', ["Good"], [(3, "truncated")]),
    ],
)
def test_csl_csv(
    tmp_path: Path, data: bytes, names: list[str], rejected: list[tuple[int, str]]
) -> None:
    found = items(tmp_path / "csl.csv", data)
    assert [r.name for r in found if isinstance(r, ListedRecord)] == names
    got = reasons(found)
    assert [row for row, _ in got] == [row for row, _ in rejected]
    assert all(word in reason for (_, reason), (_, word) in zip(got, rejected, strict=True))


def test_csl_csv_cell_is_read_whole(tmp_path: Path) -> None:
    [record] = items(tmp_path / "csl.csv", b"source,name,remarks\nEL,Long," + b"r" * 200_000)
    assert isinstance(record, ListedRecord) and record.remarks == "r" * 200_000


@pytest.mark.parametrize(
    ("data", "rejected"),
    [
        # RecursionError from json.loads
        (b"[[" + b"[" * 100_000 + b"]" * 100_000 + b"]]", [(1, "nested too deeply")]),
        (b"[" * 100_000, [(1, "truncated")]),
        # UnicodeDecodeError from read_text: one result in GBK loses only itself
        (f'[{{"source": "{EL}", "name": "华为"}}, {{"source": "{EL}", "name": "Ok"}}]'
         .encode("gbk"), [(1, "not UTF-8")]),
        # one broken result lost the whole file; now only itself
        (f'[{{"source": "{EL}", "name": }}, {{"source": "{EL}", "name": "Ok"}}]'.encode(),
         [(1, "not valid JSON")]),
    ],
)  # fmt: skip
def test_csl_json(tmp_path: Path, data: bytes, rejected: list[tuple[int, str]]) -> None:
    found = items(tmp_path / "csl.json", data)
    got = reasons(found)
    assert [row for row, _ in got] == [row for row, _ in rejected]
    assert all(word in reason for (_, reason), (_, word) in zip(got, rejected, strict=True))


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"[" * 5000, "nested too deeply"),  # RecursionError in the first line's delta check
        (b'{"id": "a", "schema": "Company", "properties": {"name": ["A"]}, "datasets": [1, null]}',
         "datasets is not a list"),  # became the lists os-1 and os-None
        (b'{"id": "a", "schema": "Company", "properties": {"name": [{"x": 1}]}, "target": true}',
         "not text"),  # the dict became the name "{'x': 1}"
    ],
)  # fmt: skip
def test_ftm_lines(tmp_path: Path, line: bytes, reason: str) -> None:
    path = tmp_path / "e.ftm.json"
    path.write_bytes(line + b"\n")
    [rejection] = list(ftm.read_ftm(path))
    assert isinstance(rejection, Rejection) and reason in rejection.reason


def test_a_list_new_to_techbloc_keeps_the_name_its_file_gives(
    fresh_store: Path, tmp_path: Path
) -> None:
    path = tmp_path / "csl.csv"
    path.write_text("source,name\nExample Watch List (EWL) - Example Agency,Acme\n")
    import_list_file(fresh_store, str(path), "csl", dt.date(2025, 1, 1))
    assert rows(fresh_store, "SELECT name FROM restricted_lists WHERE list_id = 'us-csl-ewl'") == [
        ("Example Watch List (EWL)",)
    ]


def test_eto_row_in_gbk(fresh_store: Path, tmp_path: Path) -> None:
    """UnicodeDecodeError from the shared CSV reader of every CSV importer."""
    (tmp_path / "providers.csv").write_bytes(
        b"provider_id,provider_name,provider_type\nP1,USA,country\n"
        + "P2,中国,country\n".encode("gbk")
    )
    (tmp_path / "provision.csv").write_bytes(b"provider_id,provided_id,share_provided,year\n")
    (tmp_path / "inputs.csv").write_bytes(b"input_id,input_name\n")
    report = import_supply_source(fresh_store, str(tmp_path))
    assert [(r.source_file, r.row) for r in report.rejections] == [("providers.csv", 3)]


def test_federal_register_json_fields_of_other_types() -> None:
    """TypeError ('int' object is not iterable), which the store's catch-all turned into a
    'broken' failure: fields of another type are left empty, the document is read."""
    fields = {"regulation_id_numbers": 5, "agencies": 3, "agency_names": 7, "cfr_references": "x"}
    data = json.dumps({"document_number": "2099-1", "title": "T", **fields}).encode()
    [found] = read_documents(data, "fr.json")
    assert found.candidate is not None and found.candidate.rin is None
    assert found.document.title == "T"


def test_federal_register_xml_page_beyond_an_integer(fresh_store: Path, tmp_path: Path) -> None:
    """DuckDB ConversionException (INT64 99999999998 out of range for INT32) rolled back the
    whole batch; a page number no 32-bit integer holds is no page number."""
    path = tmp_path / "fr.xml"
    path.write_bytes(b'<RULE><FRDOC>FR Doc. 2099-1</FRDOC><PRTPAGE P="99999999999"/><P>Text</P>'
                     b"</RULE>")  # fmt: skip
    report = import_documents(fresh_store, [str(path)])
    assert [(d.format, d.pages) for d in report.added] == [("fr-xml", None)]


def test_federal_register_xml_declared_gbk() -> None:
    """ValueError 'multi-byte encodings are not supported' from ElementTree."""
    data = '<?xml version="1.0" encoding="GBK"?><RULE><FRDOC>FR Doc. 2099-1</FRDOC>'
    data += "<P>出口管制</P></RULE>"
    [found] = read_documents(data.encode("gbk"), "fr.xml")
    assert found.document.text == "出口管制"


def test_text_opening_with_brackets_is_not_taken_for_json() -> None:
    """RecursionError while sniffing for Federal Register JSON, answered by the catch-all."""
    with pytest.raises(DocumentError, match="not a Federal Register document"):
        read_documents(b"[" * 5000 + b"x", "notes.txt")


def test_long_runs_of_letters() -> None:
    """Five minutes for a 200,000-letter word: the hyphenated-word search retried from every
    letter. (No time is asserted; the suite would hang without the fix.)"""
    assert hyphenated_words(["x" * 200_000 + " dual-use"]) == {"dual-use"}


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ("id: gbk\nname: 瓦森纳\n".encode("gbk"), "not UTF-8"),  # UnicodeDecodeError
        (b"[" * 3000, "nested too deeply"),  # RecursionError in PyYAML's composer
        (b"date: 2022-13-04\n", "not one \\(month must be in 1..12\\)"),  # ValueError (atheris)
    ],
)
def test_kb_yaml(tmp_path: Path, data: bytes, error: str) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(data)
    with pytest.raises(UnreadableYaml, match=error):
        read_yaml(path)


def test_screening_file_with_a_long_cell(tmp_path: Path) -> None:
    """csv.Error 'field larger than field limit' from `techbloc screen FILE.csv`."""
    path = tmp_path / "suppliers.csv"
    path.write_bytes(b"name,note\nHuawei," + b"n" * 200_000 + b"\n")
    assert [q.text for q in read_queries(path, "name")] == ["Huawei"]
    path.write_bytes(b'name\nHuawei\n"Cut')
    with pytest.raises(InvalidArgument, match="row 3: the file ends inside a quoted cell"):
        list(read_queries(path, "name"))


def test_html_with_a_marked_section_of_no_known_kind() -> None:
    """AssertionError from Python 3.11's HTML parser ('expected name token') and from
    trafilatura (through htmldate and lxml) on a page holding ``<![[``: the page is read around
    it, and a page of nothing else is empty."""
    page = b"<html><body><![[ junk ]><p>Export controls were tightened on 7 October.</p></body>"
    [found] = read_documents(page + b"</html>", "page.html")
    assert found.document.text == "Export controls were tightened on 7 October."
    with pytest.raises(DocumentError, match="no text"):
        read_documents(b"<![[", "page.html")


HALF_PAIR = "\\ud800"  # JSON's and YAML's escape of half a UTF-16 pair, as a file writes it


def test_json_escape_of_half_a_utf16_pair(tmp_path: Path) -> None:
    """UnicodeEncodeError ('surrogates not allowed') when the staged rows or the quarantine were
    written: a damaged file had cut "\\ud800\\udc00" to "\\ud800". The result, the FtM line and
    the Federal Register file are refused with the reason; the other results land."""
    good = f'{{"source": "{EL}", "name": "Good"}}'
    found = items(tmp_path / "csl.json", f'[{{"source": "{EL}", "name": "a{HALF_PAIR}"}}, {good}]'
                  .encode())  # fmt: skip
    assert reasons(found) == [(1, "a \\ud800 escape that is no character (half of a pair) "
                                  "(item at line 1, column 2)")]  # fmt: skip
    assert [r.name for r in found if isinstance(r, ListedRecord)] == ["Good"]
    path = tmp_path / "e.ftm.json"
    line = f'{{"id": "x", "schema": "Company", "properties": {{"name": ["{HALF_PAIR}"]}}}}'
    path.write_text(line + "\n")
    [rejection] = list(ftm.read_ftm(path))
    assert isinstance(rejection, Rejection) and "no character" in rejection.reason
    with pytest.raises(DocumentError, match="no character"):
        read_documents(f'{{"document_number": "1", "title": "{HALF_PAIR}"}}'.encode(), "fr.json")


def test_yaml_escape_of_half_a_utf16_pair(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(f'title: "{HALF_PAIR}"\n')
    with pytest.raises(UnreadableYaml, match="no character"):
        read_yaml(path)


def _zip_of(data: bytes, method: int = zipfile.ZIP_STORED) -> bytearray:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        archive.writestr("a.export.CSV", data)
    return bytearray(out.getvalue())


def _central_directory_moved() -> bytes:
    """The end record places the central directory 100 bytes later than it is."""
    archive = _zip_of(b"1")
    end = archive.rfind(b"PK\x05\x06")
    struct.pack_into("<I", archive, end + 16, struct.unpack_from("<I", archive, end + 16)[0] + 100)
    return bytes(archive)


def _deflated_data_damaged() -> bytes:
    archive = _zip_of(b"1\t2\n" * 50, zipfile.ZIP_DEFLATED)
    start = archive.find(b"a.export.CSV") + len("a.export.CSV")
    archive[start : start + 4] = b"\xff\xff\xff\xff"
    return bytes(archive)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        # OSError '[Errno 22] Invalid argument' (a seek before the file's start) from zipfile
        (_central_directory_moved(), r"not a readable zip file \(OSError"),
        # zlib.error 'invalid block type' while unzipping
        (_deflated_data_damaged(), r"its CSV cannot be unzipped whole \(error: Error -3"),
    ],
)
def test_gdelt_broken_zip(fresh_store: Path, tmp_path: Path, data: bytes, error: str) -> None:
    path = tmp_path / "20230128000000.export.CSV.zip"
    path.write_bytes(data)
    with pytest.raises(InvalidArgument, match=error):
        import_gdelt(fresh_store, [str(path)])
    assert rows(fresh_store, "SELECT count(*) FROM news_imports") == [(0,)]


def test_gdelt_first_line_with_a_long_field(fresh_store: Path, tmp_path: Path) -> None:
    """csv.Error 'field larger than field limit (131072)' while telling the file's kind from its
    first line: a tab-separated line is split on its tabs (as the reader reads it), and a
    comma-separated one the csv module refuses has no header in it."""
    path = tmp_path / "20230128000000.export.CSV"
    path.write_bytes(b"x" * 200_000)
    report = import_gdelt(fresh_store, [str(path)])
    assert (report.events_added, report.rows_rejected) == (0, 1)
    assert rows(fresh_store, "SELECT source_row, reason FROM news_quarantine") == [
        (1, "wrong column count: 1 fields, expected 61")
    ]
    with pytest.raises(InvalidArgument, match="cannot tell whether it holds GDELT 2.0 events"):
        describe(tmp_path / "events.csv", _written(tmp_path / "events.csv", b"a," * 5 + b'"' +
                                                   b"y" * 200_000))  # fmt: skip


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _gdelt_event(event_id: int, **changes: str) -> str:
    from tests.reliability.test_nothing_lost_gdelt import event

    return event(event_id, **changes)


LONG = "长" * 5_000


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        # "CSV Parser state machine reached an invalid state": one CR inside a row lost the file
        (_gdelt_event(2, Actor1Name="A\rB").encode(), "a carriage return (CR) inside the row"),
        # the same for one line ending in CRLF in a file of LF lines: now that row lands
        ((_gdelt_event(2) + "\r").encode(), None),
        # "Invalid unicode (byte sequence mismatch) detected in segment statistics update": bytes
        # that are not UTF-8 in a row with a long cell of multi-byte characters lost the file
        (b"\xd6" + _gdelt_event(2, SOURCEURL=LONG).encode(), "not valid UTF-8 text"),
        # the same error (or "… detected in value" reading the rejects back): a long row with too
        # many fields, its text cut by DuckDB inside a character
        ((_gdelt_event(2, Actor1Name="b" + LONG) + "\tq" * 10).encode(),
         "wrong column count: more fields than the layout has"),
    ],
)  # fmt: skip
def test_gdelt_row_that_lost_the_file(
    fresh_store: Path, tmp_path: Path, bad: bytes, reason: str | None
) -> None:
    path = tmp_path / "20230128000000.export.CSV"
    path.write_bytes(b"\n".join([_gdelt_event(1).encode(), bad, _gdelt_event(3).encode(), b""]))
    import_gdelt(fresh_store, [str(path)])
    landed = [1, 3] if reason else [1, 2, 3]
    assert rows(fresh_store, "SELECT global_event_id FROM news_events ORDER BY 1") == [
        (i,) for i in landed
    ]
    found = rows(fresh_store, "SELECT source_row, reason FROM news_quarantine")
    assert [(r, str(why).startswith(reason or "")) for r, why in found] == (
        [(2, True)] if reason else []
    )


def test_gdelt_csv_with_a_header_and_a_quoted_line_break(fresh_store: Path, tmp_path: Path) -> None:
    """'The parallel scanner does not support null_padding in conjunction with quoted new
    lines': a CSV file with a header row and a line break inside a quoted cell was refused."""
    path = tmp_path / "events.csv"
    head = "GLOBALEVENTID,SQLDATE,EventCode,EventRootCode,QuadClass,GoldsteinScale,NumMentions"
    path.write_text(
        f'{head},SOURCEURL\n1,20230128,172,17,4,-5,3,"a\nb"\n2,20230128,172,17,4,-5,3,c\n'
    )
    import_gdelt(fresh_store, [str(path)])
    assert rows(fresh_store, "SELECT source_url FROM news_events ORDER BY 1") == [("a\nb",), ("c",)]


def test_gdelt_header_of_thousands_of_columns(tmp_path: Path) -> None:
    """duckdb ParserException 'Max expression depth limit of 1000 exceeded' from the SQL that
    reads a file whose header names 20,000 columns."""
    path = _written(tmp_path / "events.csv", b"GLOBALEVENTID,SQLDATE" + b",x" * 20_000 + b"\n")
    with pytest.raises(InvalidArgument, match="its header row has 20,002 columns"):
        describe(path, path)


def test_gdelt_mention_of_a_document_with_a_huge_url(fresh_store: Path, tmp_path: Path) -> None:
    """duckdb InvalidInputException 'key size of 200132 bytes exceeds the maximum size of 122880
    bytes for this ART' inserting a mention whose MentionIdentifier (part of the table's key) is
    200,000 characters long: the whole import failed; now that row is quarantined."""
    from tests.reliability.test_nothing_lost_gdelt import mention

    path = tmp_path / "20230128000000.mentions.CSV"
    huge = "https://example.com/" + "x" * 200_000
    path.write_text(mention(1, 1) + "\n" + mention(1, 2, MentionIdentifier=huge) + "\n")
    report = import_gdelt(fresh_store, [str(path)])
    assert (report.mentions_added, report.rows_rejected) == (1, 1)
    assert rows(fresh_store, "SELECT source_row, field, reason FROM news_quarantine") == [
        (2, "MentionIdentifier", "longer than 100,000 bytes (a key of the store's index)")
    ]


def test_zip_of_a_version_python_cannot_read() -> None:
    """NotImplementedError ('zip file version 10.4') from zipfile while sniffing a document
    (found by atheris): a damaged ZIP, refused as broken."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    data = bytearray(buffer.getvalue())
    central = data.index(b"PK\x01\x02")
    data[central + 6 : central + 8] = (104).to_bytes(2, "little")  # version needed: 10.4
    with pytest.raises(DocumentError, match="damaged ZIP.*version 10.4"):
        read_documents(bytes(data), "report.docx")
