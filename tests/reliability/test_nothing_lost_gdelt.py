"""GDELT imports (events and mentions, plain and zipped, with and without a header row) on files
mixing good rows with every kind of bad row: every good row lands in news_events or
news_mentions, every bad row is in news_quarantine with its file, line and reason, and the same
files again change nothing. A broken zip refuses the run with a clear error, and the store stays
as it was."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from techbloc.errors import InvalidArgument
from techbloc.ingest.gdelt.importer import import_gdelt
from techbloc.ingest.gdelt.layout import EVENT_COLUMNS, MENTION_COLUMNS
from tests.reliability.big_files import US_CN_EVENT
from tests.reliability.digests import digests, rows

EVENT_NAMES = [c.gdelt for c in EVENT_COLUMNS]
MENTION_NAMES = [c.gdelt for c in MENTION_COLUMNS]
GOOD_EVENT = {
    **US_CN_EVENT, "GLOBALEVENTID": "1", "ActionGeo_Lat": "35", "ActionGeo_Long": "105",
    "SOURCEURL": "https://example.com/us-tightens-export-controls-on-advanced-chips",
}  # fmt: skip
GOOD_MENTION = {
    "GLOBALEVENTID": "1", "EventTimeDate": "20230128120000", "MentionTimeDate": "20230128121500",
    "MentionType": "1", "MentionSourceName": "example.com",
    "MentionIdentifier": "https://example.com/a", "SentenceID": "1", "Actor1CharOffset": "12",
    "Actor2CharOffset": "80", "ActionCharOffset": "40", "InRawText": "1", "Confidence": "100",
    "MentionDocLen": "2400", "MentionDocTone": "-3.1",
}  # fmt: skip


def event(event_id: int, **changes: str) -> str:
    values = {**GOOD_EVENT, "GLOBALEVENTID": str(event_id), **changes}
    return "\t".join(values.get(name, "") for name in EVENT_NAMES)


def mention(event_id: int, sentence: int, **changes: str) -> str:
    values = {**GOOD_MENTION, "GLOBALEVENTID": str(event_id), "SentenceID": str(sentence),
              **changes}  # fmt: skip
    return "\t".join(values.get(name, "") for name in MENTION_NAMES)


def lines(*parts: str | bytes) -> bytes:
    return b"\n".join(p if isinstance(p, bytes) else p.encode() for p in parts) + b"\n"


EVENTS = lines(
    event(1),  # 1 good
    event(2, GLOBALEVENTID="2x"),  # 2
    event(3, SQLDATE="20230231"),  # 3
    event(4, QuadClass="7"),  # 4
    event(5, GoldsteinScale="abc"),  # 5
    event(6).rsplit("\t", 1)[0],  # 6: 60 fields
    event(7) + "\textra",  # 7: 62 fields
    event(8) + "\tx" * 10,  # 8: 71 fields, more than the reader takes
    event(9, Actor1Name="华为").encode("gbk"),  # 9: not UTF-8
    event(10, EventCode=""),  # 10: required, missing
    event(11, EventCode="140", EventBaseCode="140", EventRootCode="13"),  # 11
    event(1),  # 12: a duplicate of line 1
    event(13, DATEADDED="20230128250000"),  # 13: no real time
    event(14, NumMentions="-3"),  # 14
    event(15, ActionGeo_Lat="91"),  # 15
    event(16, IsRootEvent="2"),  # 16
    event(17, Actor2Name="A\x00B"),  # 17 good: a NUL inside a name is kept
    event(18, SOURCEURL="https://example.com/" + "x" * 200_000),  # 18 good: a huge cell
    event(19, AvgTone="1e400"),  # 19: not a (finite) number
    event(20),  # 20 good
    event(21)[:60],  # 21: cut off, as a download cut short
)
BAD_EVENTS = [
    (2, "GLOBALEVENTID", "not an integer"),
    (3, "SQLDATE", "not a real date YYYYMMDD"),
    (4, "QuadClass", "outside 1…4"),
    (5, "GoldsteinScale", "not a number"),
    (6, None, "wrong column count: 60 fields, expected 61"),
    (7, None, "wrong column count: 62 fields, expected 61"),
    (8, None, "wrong column count: more fields than the layout has (+4 read)"),
    (9, None, "not valid UTF-8 text"),
    (10, "EventCode", "missing"),
    (11, "EventBaseCode", "does not begin with its root code 13"),
    (11, "EventCode", "does not begin with its root code 13"),
    (12, "GLOBALEVENTID", "duplicate of row 1 of this file"),
    (13, "DATEADDED", "not a real date and time YYYYMMDDHHMMSS"),
    (14, "NumMentions", "negative"),
    (15, "ActionGeo_Lat", "outside −90…90"),
    (16, "IsRootEvent", "not 0 or 1"),
    (19, "AvgTone", "not a number"),
    (21, None, "wrong column count: 10 fields, expected 61"),
]
MENTIONS = lines(
    mention(1, 1),  # 1 good
    mention(1, 2, MentionType="9"),  # 2
    mention(1, 3, EventTimeDate="2023"),  # 3
    mention(1, 4, SentenceID="-1"),  # 4
    mention(1, 1),  # 5: a duplicate of line 1
    mention(1, 6, MentionIdentifier=""),  # 6
    mention(1, 7, Confidence="ninety"),  # 7
    mention(20, 1),  # 8 good
    mention(1, 9) + "\t",  # 9: 17 fields
)
BAD_MENTIONS = [
    (2, "MentionType", "outside 1…6"),
    (3, "EventTimeDate", "not a real date and time YYYYMMDDHHMMSS"),
    (4, "SentenceID", "negative"),
    (5, None, "duplicate of row 1 of this file (same event, document, sentence and offsets)"),
    (6, "MentionIdentifier", "missing"),
    (7, "Confidence", "not an integer"),
    (9, None, "wrong column count: 17 fields, expected 16"),
]
HEADER_NAMES = ["GLOBALEVENTID", "SQLDATE", "EventCode", "EventBaseCode", "EventRootCode",
                "QuadClass", "GoldsteinScale", "NumMentions", "SOURCEURL"]  # fmt: skip
HEADED = lines(
    ",".join(n.lower() for n in HEADER_NAMES),
    '31,20230128,172,172,17,4,-5,3,"https://example.com/chips, and more"',  # 2 good
    "32,20230128,172,172,17,4,-5",  # 3: 7 fields
    "33,2023-01-28,172,172,17,4,-5,3,https://example.com/",  # 4
    '34,20230128,172,172,17,4,-5,3,"https://example.com/cut',  # 5: cut inside its quotes
)
BAD_HEADED = [
    (3, None, "wrong column count: 7 fields, expected 9"),
    (4, "SQLDATE", "not a real date YYYYMMDD"),
    (5, None, "wrong column count: 8 fields, expected 9"),  # its cut quoted cell is not read
]


def zipped(path: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "gdelt"
    folder.mkdir()
    (folder / "20230128000000.export.CSV").write_bytes(EVENTS)
    (folder / "20230128000000.mentions.CSV").write_bytes(MENTIONS)
    (folder / "bigquery_events.csv").write_bytes(HEADED)
    zipped(folder / "20230129000000.export.CSV.zip", "20230129000000.export.CSV",
           lines(event(40), event(1), event(41, Year="twenty")))  # fmt: skip
    return folder


def quarantine(db: Path, name: str) -> list[tuple[object, ...]]:
    return rows(
        db,
        "SELECT source_row, field, reason FROM news_quarantine WHERE source_location LIKE ? "
        "ORDER BY source_row, field NULLS FIRST",
        [f"%/{name}"],
    )


def check(found: list[tuple[object, ...]], expected: list[tuple[int, str | None, str]]) -> None:
    assert [r[:2] for r in found] == [e[:2] for e in expected]
    for (_, _, reason), (_, _, wanted) in zip(found, expected, strict=True):
        assert str(reason).startswith(wanted), (reason, wanted)


def test_every_good_row_lands_and_every_bad_row_is_quarantined(
    fresh_store: Path, folder: Path
) -> None:
    report = import_gdelt(fresh_store, [str(folder)])
    events = rows(fresh_store, "SELECT global_event_id, source_row, actor2_name, "
                  "length(source_url) FROM news_events ORDER BY 1")  # fmt: skip
    assert [(e, r) for e, r, _, _ in events] == [
        (1, 1), (17, 17), (18, 18), (20, 20), (31, 2), (40, 1)]  # fmt: skip
    assert events[1][2] == "A\x00B" and events[2][3] == len("https://example.com/") + 200_000
    mentions = rows(fresh_store, "SELECT global_event_id, sentence_id, source_row "
                    "FROM news_mentions ORDER BY 1, 2")  # fmt: skip
    assert mentions == [(1, 1, 1), (20, 1, 8)]
    check(quarantine(fresh_store, "20230128000000.export.CSV"), BAD_EVENTS)
    check(quarantine(fresh_store, "20230128000000.mentions.CSV"), BAD_MENTIONS)
    check(quarantine(fresh_store, "bigquery_events.csv"), BAD_HEADED)
    check(quarantine(fresh_store, "20230129000000.export.CSV.zip"),
          [(3, "Year", "not an integer")])  # fmt: skip
    counts = {Path(f.location).name: (f.rows_read, f.rows_kept, f.rows_rejected,
                                      f.rows_already_stored) for f in report.files}  # fmt: skip
    assert counts == {
        "20230128000000.export.CSV": (21, 4, 17, 0),
        "20230128000000.mentions.CSV": (9, 2, 7, 0),
        "bigquery_events.csv": (4, 1, 3, 0),
        "20230129000000.export.CSV.zip": (3, 1, 1, 1),  # event 1 came in the first file
    }

    before = digests(fresh_store)
    again = import_gdelt(fresh_store, [str(folder)])
    assert {f.status for f in again.files} == {"already-imported"}
    assert digests(fresh_store) == before


def test_a_broken_zip_refuses_the_run_and_the_store_stays_as_it_was(
    fresh_store: Path, folder: Path
) -> None:
    whole = zipped(folder / "20230130000000.export.CSV.zip", "20230130000000.export.CSV",
                   lines(*(event(100 + i) for i in range(200))))  # fmt: skip
    whole.write_bytes(whole.read_bytes()[:-200])  # cut off: no central directory
    before = digests(fresh_store)
    with pytest.raises(InvalidArgument, match="not a readable zip file"):
        import_gdelt(fresh_store, [str(folder)])
    assert digests(fresh_store) == before
