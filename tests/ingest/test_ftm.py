"""OpenSanctions FtM files: listed records, ownership, delta changes, quarantine; real samples."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from techbloc.ingest.ftm import dataset_catalog, is_delta_file, list_id_for, read_ftm
from techbloc.ingest.ftm_values import day, percentage
from techbloc.ingest.iso3166 import ISO_ALPHA2, iso_country
from techbloc.ingest.lists import import_list_file
from techbloc.ingest.records import (
    ListedRecord,
    ListInfo,
    OwnershipLink,
    Rejection,
    RelatedParty,
    Withdrawal,
)
from techbloc.query.listings import entity_history
from tests.shared_data import shared_dataset

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ftm"
SNAPSHOT, DELTA = FIXTURES / "ownership.ftm.jsonl", FIXTURES / "ownership.delta.jsonl"
SDN, FSF = "os-us-ofac-sdn", "os-eu-fsf"


def read(path: Path) -> tuple[list[object], dict[str, ListInfo]]:
    lists: dict[str, ListInfo] = {}
    return list(read_ftm(path, None, lists)), lists


def of_type(items: list[object], kind: type) -> list:  # type: ignore[type-arg]
    return [item for item in items if isinstance(item, kind)]


def test_listed_entities_one_record_per_list() -> None:
    items, lists = read(SNAPSHOT)
    records = {(r.list_id, r.source_key): r for r in of_type(items, ListedRecord)}
    assert sorted(records) == [(FSF, "fx-eu-z"), (SDN, "fx-owner-x"), (SDN, "fx-owner-y")]
    x = records[(SDN, "fx-owner-x")]
    assert x.name == "Example Owner One" and x.entity_type == "Person"
    assert x.aliases == ("Example Owner One (Holder)", "E. O. One", "EOO", "Example Owner Former")
    # the address entity comes at the end of the file; 'suhh', 'xk' and 'eu' are not ISO codes
    assert x.addresses == ("8 Example Lane, Moscow, 101000",) and x.countries == ("RU",)
    assert x.identifiers == ("innCode:770000000001",)
    assert x.programs == ("US-RUSHAR", "RUSSIA-EO14024")
    assert x.listing_date == dt.date(2022, 4, 1) and x.end_date is None  # startDate is earlier
    assert x.citation == "87 FR 20505" and x.source_url == "https://example.org/sdn/x"
    assert x.remarks == "authority: Office of Foreign Assets Control; reason: Example reason"
    z = records[(FSF, "fx-eu-z")]  # not a target, but named by a Sanction of eu_fsf
    assert z.listing_date == dt.date(2021, 6, 1) and z.end_date == dt.date(2030, 2, 28)
    assert z.addresses == ("1 Example Street, Minsk",) and z.countries == ("BY",)
    assert records[(SDN, "fx-owner-y")].identifiers == ("registrationNumber:91110000EX0002",)
    assert lists[SDN].name == "US OFAC Specially Designated Nationals (SDN) List"
    assert lists[FSF].jurisdiction == "EU"


def test_ownership_links_and_related_parties() -> None:
    items, _ = read(SNAPSHOT)
    links = {link.ownership_key: link for link in of_type(items, OwnershipLink)}
    assert len(links) == 7
    assert links["fx-own-xa"].percentage == 60.0
    assert links["fx-own-xa"].start_date == dt.date(2019, 5, 1)  # partial date: first day
    assert links["fx-own-ab"].percentage == 50.0 and links["fx-own-ab"].share_text == (
        "percentage: 50%"
    )
    assert links["fx-own-xe"].percentage is None
    assert links["fx-own-xe"].share_text == "sharesCount: 5000"
    assert links["fx-own-xf"].end_date == dt.date(2020, 1, 1)
    parties = {p.party_key: p for p in of_type(items, RelatedParty)}
    assert sorted(parties) == [
        "fx-jv-c", "fx-min-d", "fx-old-f", "fx-sub-a", "fx-sub-b", "fx-unk-e",
    ]  # fmt: skip
    assert parties["fx-sub-b"].countries == ("HK",)
    assert of_type(items, Withdrawal) == []  # a snapshot withdraws nothing itself


def test_bad_lines_are_explained() -> None:
    items, _ = read(SNAPSHOT)
    rejected = [(r.row, r.field, r.reason.split(":")[0]) for r in of_type(items, Rejection)]
    assert rejected == [
        (19, None, "not valid JSON"),
        (20, "id", "no id"),
        (21, "schema", "no schema"),
        (22, "name", "a listed entity without a name"),
        (23, "asset", "an ownership without an asset"),
        (24, None, "a line is not a JSON object"),
    ]


def test_delta_file_changes() -> None:
    assert is_delta_file(DELTA) and not is_delta_file(SNAPSHOT)
    items, _ = read(DELTA)
    withdrawals = of_type(items, Withdrawal)
    assert [(w.row, w.source_key, w.lists, w.keep, w.drop_links) for w in withdrawals] == [
        (1, "fx-owner-y", (FSF, SDN), (FSF,), False),
        (2, "fx-owner-x", (SDN,), (), True),
        (3, "fx-own-xa", None, (), True),
        (4, "fx-new-g", (FSF, SDN), (SDN,), False),
    ]
    assert [(r.list_id, r.source_key) for r in of_type(items, ListedRecord)] == [
        (FSF, "fx-owner-y"), (SDN, "fx-new-g"),
    ]  # fmt: skip
    [bad] = of_type(items, Rejection)
    assert (bad.row, bad.field) == (6, "op")


@pytest.mark.parametrize(
    ("text", "share"),
    [("51", 51.0), ("25,5 %", 25.5), ("more than 50%", 50.0), ("25-50", 25.0),
     ("50 to 75%", 50.0), ("majority", None), ("150", None), ("", None)],
)  # fmt: skip
def test_percentages(text: str, share: float | None) -> None:
    assert percentage(text) == share


def test_partial_dates() -> None:
    assert day("2023") == dt.date(2023, 1, 1) and day("2023", last=True) == dt.date(2023, 12, 31)
    assert day("2024-02", last=True) == dt.date(2024, 2, 29)
    assert day("2023-02-30") is None and day("soon") is None


def test_iso_codes_are_the_assigned_ones() -> None:
    babel = pytest.importorskip("babel")
    territories = {code for code in babel.Locale("en").territories if len(code) == 2}
    reserved = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB",
                "XK", "ZZ"}  # fmt: skip
    assert len(ISO_ALPHA2) == 249 and territories - reserved == ISO_ALPHA2
    assert iso_country("ru") == "RU" and iso_country("suhh") is None and iso_country("eu") is None


def test_dataset_catalog() -> None:
    catalog = dataset_catalog()
    assert list_id_for("gb_fcdo_sanctions") == "os-gb-fcdo-sanctions"
    assert catalog.lists["jp_meti_eul"].issuer == "Ministry of Economy, Trade and Industry"
    assert not catalog.is_list("ext_ru_egrul") and not catalog.is_list("permid")
    assert catalog.is_list("mc_fund_freezes")  # unknown datasets still import


def test_catalog_entries_match_the_opensanctions_index() -> None:
    """Every dataset named in ftm_datasets.yaml (Taiwan's aside) is in the catalog index with
    that title and publisher; every 'not_lists' entry is an external dataset there."""
    index = json.loads(
        shared_dataset("opensanctions-ftm-samples", "opensanctions_index_2024-06-13.json")
        .read_text(encoding="utf-8")
    )  # fmt: skip
    by_name = {d["name"]: d for d in index["datasets"]}
    catalog = dataset_catalog()
    for key, info in catalog.lists.items():
        if key == "tw_shtc":
            continue
        entry = by_name[key]
        assert (info.name, info.issuer) == (entry["title"], entry["publisher"]["name"]), key
    assert {key for key in catalog.not_lists if by_name[key]["type"] == "external"} == set(
        catalog.not_lists
    )


def tables(db: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            table: sorted(map(tuple, con.execute(f"SELECT * FROM {table}").fetchall()), key=repr)
            for table in ("listed_entities", "listing_events", "related_parties", "ownerships",
                          "list_quarantine")
        }  # fmt: skip
    finally:
        con.close()


@pytest.fixture
def ftm_store(fresh_store: Path) -> Path:
    report = import_list_file(fresh_store, str(SNAPSHOT), "ftm", dt.date(2026, 8, 11))
    assert (report.added, report.rejected, report.removed) == (3, 6, 0)
    assert (report.ownerships, report.related_parties, report.partial) == (7, 6, False)
    assert report.lists == {SDN: 2, FSF: 1}
    return fresh_store


def test_import_lands_records_parties_links_and_quarantine(ftm_store: Path) -> None:
    con = duckdb.connect(str(ftm_store), read_only=True)
    try:
        quarantine = con.execute(
            "SELECT source_row, field FROM list_quarantine ORDER BY source_row"
        ).fetchall()
        assert quarantine == [(19, None), (20, "id"), (21, "schema"), (22, "name"),
                              (23, "asset"), (24, None)]  # fmt: skip
        link = con.execute(
            "SELECT owner_key, asset_key, percentage, source_row FROM ownerships "
            "WHERE ownership_key = 'fx-own-xa'"
        ).fetchone()
        assert link == ("fx-owner-x", "fx-sub-a", 60.0, 9)
        assert con.execute("SELECT count(*) FROM related_parties").fetchone() == (6,)
        name = con.execute("SELECT name FROM restricted_lists WHERE list_id = ?", [FSF])
        assert name.fetchone() == ("EU Financial Sanctions Files (FSF)",)
    finally:
        con.close()


def test_reimport_changes_nothing(ftm_store: Path) -> None:
    before = tables(ftm_store)
    again = import_list_file(ftm_store, str(SNAPSHOT), "ftm", dt.date(2026, 8, 11))
    assert again.status == "already-imported"
    assert tables(ftm_store) == before


def test_delta_withdraws_and_replaces(ftm_store: Path) -> None:
    report = import_list_file(ftm_store, str(DELTA), "ftm", dt.date(2026, 8, 12))
    assert report.partial  # a delta file is partial by nature
    assert (report.added, report.removed, report.rejected, report.ownerships) == (2, 2, 1, 1)
    con = duckdb.connect(str(ftm_store), read_only=True)
    try:
        active = con.execute(
            "SELECT list_id, source_key FROM listed_entities WHERE is_active ORDER BY 1, 2"
        ).fetchall()
        assert active == [(FSF, "fx-eu-z"), (FSF, "fx-owner-y"), (SDN, "fx-new-g")]
        history = entity_history(con, f"{SDN}:fx-owner-x")["events"]
        assert [(e["event"], e["event_date"]) for e in history] == [
            ("added", "2026-08-11"), ("removed", "2026-08-12"),
        ]  # fmt: skip
        keys = [r[0] for r in con.execute("SELECT ownership_key FROM ownerships").fetchall()]
        assert "fx-own-xa" not in keys and "fx-own-gd" in keys and len(keys) == 7
    finally:
        con.close()


def zala_counts() -> dict[str, int]:
    """Records per list expected from the zala sample, worked out from the file itself: every
    target's non-enrichment datasets, plus the datasets of Sanctions naming it."""
    path = shared_dataset("opensanctions-ftm-samples", "zala_entities.ftm.jsonl")
    entities = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    named = {
        (target, dataset)
        for e in entities if e["schema"] == "Sanction"
        for target in e["properties"].get("entity", []) for dataset in e["datasets"]
    }  # fmt: skip
    catalog, expected = dataset_catalog(), Counter[str]()
    for e in entities:
        if e["schema"] not in ("Company", "Person", "Organization", "LegalEntity"):
            continue
        sets = {d for d in e["datasets"] if e["target"] and catalog.is_list(d)}
        sets |= {d for target, d in named if target == e["id"]}
        expected.update(list_id_for(d) for d in sets)
    return dict(expected)


def test_real_zala_sample(fresh_store: Path) -> None:
    path = shared_dataset("opensanctions-ftm-samples", "zala_entities.ftm.jsonl")
    report = import_list_file(fresh_store, str(path), "ftm", dt.date(2026, 8, 11), partial=True)
    assert report.rejected == 0 and report.added == 117
    assert report.lists == zala_counts()
    assert report.lists["os-gb-fcdo-sanctions"] == 8 and report.lists["os-tw-shtc"] == 3
    assert (report.ownerships, report.related_parties) == (14, 3)
    con = duckdb.connect(str(fresh_store), read_only=True)
    try:
        cst = con.execute(
            "SELECT name, countries, programs, listing_date, identifiers FROM listed_entities "
            "WHERE entity_id = 'os-eu-fsf:NK-abdzbEBkqyT29GyREbiURZ'"
        ).fetchone()
        assert cst is not None and cst[0] == "LLC CST" and cst[1] == ["RU"]
        # EU FSF: listingDate 2025-03-15 is the amendment; the listing (startDate) 2023-12-18
        assert cst[2] == ["EU-UKR", "UKR"] and cst[3] == dt.date(2023, 12, 18)
        assert {"innCode:1841015504", "ogrnCode:1101841007938"} <= set(cst[4])
        # the Japanese MOF record resolves its three Address entities
        addresses = con.execute(
            "SELECT addresses FROM listed_entities "
            "WHERE entity_id = 'os-jp-mof-sanctions:NK-abdzbEBkqyT29GyREbiURZ'"
        ).fetchone()
        assert addresses is not None and (
            "3/2 Perunovsky Lane, Floor 3, Room 21, Moscow, 127055, Russia" in addresses[0]
        )
    finally:
        con.close()


def test_real_eu_fsf_and_delta_samples(fresh_store: Path) -> None:
    fsf = shared_dataset("opensanctions-ftm-samples", "t1_eu_fsf_entities.ftm.jsonl")
    report = import_list_file(fresh_store, str(fsf), "ftm", dt.date(2026, 8, 11))
    assert report.lists == {FSF: 6} and report.rejected == 0
    delta = shared_dataset("opensanctions-ftm-samples", "t2_entities.delta.jsonl")
    report = import_list_file(fresh_store, str(delta), "ftm", dt.date(2026, 8, 12))
    assert report.partial and report.rejected == 0 and report.removed == 0
    assert report.added == 41 and report.lists[FSF] == 2 and report.lists[SDN] == 1
