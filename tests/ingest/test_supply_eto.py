"""The real ETO supply-chain folder (../shared/datasets/eto-chip-explorer): every row lands, the
counts and a spot check of shares come from the files themselves."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

from techbloc.ingest.countries import country_code
from techbloc.ingest.supply import import_supply_source
from techbloc.store.supply import OVER_100_PCT, SupplyImportReport
from tests.shared_data import shared_dataset

Imported = tuple[Path, Path, SupplyImportReport]


def read(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def eto(tmp_path_factory: pytest.TempPathFactory, builtin_db: Path) -> Imported:
    """The ETO folder, a store it was imported into, and the import's report."""
    folder = shared_dataset("eto-chip-explorer")
    db = tmp_path_factory.mktemp("eto") / "store.duckdb"
    db.write_bytes(builtin_db.read_bytes())
    return folder, db, import_supply_source(db, str(folder))


def test_every_row_lands(eto: Imported) -> None:
    folder, db, report = eto
    inputs, stages = read(folder, "inputs.csv"), read(folder, "stages.csv")
    provision, providers = read(folder, "provision.csv"), read(folder, "providers.csv")
    sequence = read(folder, "sequence.csv")
    totals = [row for p in sorted(folder.glob("node_totals*.csv")) for row in read(folder, p.name)]
    kind = {p["provider_id"]: p["provider_type"] for p in providers}
    assert report.rejected == 0 and report.share_scale == "percent"
    assert report.inputs == len(inputs) + len(stages)
    assert report.rows_read == sum(
        map(len, (inputs, stages, provision, providers, sequence, totals))
    )
    assert report.country_shares == sum(kind[r["provider_id"]] == "country" for r in provision)
    assert report.organisation_shares == sum(kind[r["provider_id"]] != "country" for r in provision)
    assert report.rolled_up == 0  # ETO gives country figures wherever it gives organisations
    assert report.edges == sum(bool(s["goes_into_id"]) + bool(s["is_type_of_id"]) for s in sequence)
    assert report.input_years == len({(r["provided_id"], r["year"]) for r in provision})
    again = import_supply_source(db, str(folder))
    assert again.status == "already-imported"


def test_shares_over_100_are_flagged_as_the_file_has_them(eto: Imported) -> None:
    folder, db, report = eto
    kind = {p["provider_id"]: p["provider_type"] for p in read(folder, "providers.csv")}
    totals: dict[tuple[str, int, str], float] = defaultdict(float)
    for r in read(folder, "provision.csv"):
        if r["share_provided"]:
            level = "country" if kind[r["provider_id"]] == "country" else "organisation"
            totals[(r["provided_id"], int(r["year"]), level)] += float(r["share_provided"])
    expected = {k for k, total in totals.items() if total > OVER_100_PCT}
    assert expected  # the dataset rounds shares under 1 % up to 1 %
    assert {(o["input_id"], o["year"], o["level"]) for o in report.over_100} == expected
    con = duckdb.connect(str(db), read_only=True)
    found = con.execute(
        """SELECT input_id, year, CASE WHEN organisation IS NULL THEN 'country'
                  ELSE 'organisation' END AS level
           FROM supply_shares GROUP BY ALL HAVING sum(share_pct) > ?""",
        [OVER_100_PCT],
    ).fetchall()
    con.close()
    assert set(found) == expected


def test_spot_check_of_shares_read_from_the_files(eto: Imported) -> None:
    folder, db, report = eto
    providers = {p["provider_id"]: p for p in read(folder, "providers.csv")}
    provision = read(folder, "provision.csv")
    euv = next(r for r in provision if r["provided_name"] == "EUV lithography tools"
               and providers[r["provider_id"]]["provider_type"] == "country")  # fmt: skip
    org = next(r for r in provision if r["share_provided"]
               and providers[r["provider_id"]]["provider_type"] == "organization")  # fmt: skip
    org_country = country_code(providers[org["provider_id"]]["country"])
    size = next(r for r in read(folder, "node_totals_2025.csv") if r["provided_id"] == "N20")
    con = duckdb.connect(str(db), read_only=True)
    try:
        country_share = con.execute(
            """SELECT actor_code, share_pct, year, source FROM supply_shares
               WHERE input_id = ? AND provider_id = ? AND organisation IS NULL""",
            [euv["provided_id"], euv["provider_id"]],
        ).fetchone()
        org_share = con.execute(
            """SELECT actor_code, organisation, share_pct, source_row FROM supply_shares
               WHERE input_id = ? AND provider_id = ?""",
            [org["provided_id"], org["provider_id"]],
        ).fetchone()
        n20 = con.execute(
            """SELECT stage_ids, domain_id, market_size_usd_m, market_size_year
               FROM supply_inputs WHERE input_id = 'N20'"""
        ).fetchone()
        domains = dict(
            con.execute(
                "SELECT input_name, domain_id FROM supply_inputs WHERE input_name IN "
                "('Electronic design automation software', 'Photoresists', 'Design')"
            ).fetchall()
        )
    finally:
        con.close()
    assert country_share == (
        country_code(providers[euv["provider_id"]]["provider_name"]),
        float(euv["share_provided"]), int(euv["year"]), euv["source"],
    )  # fmt: skip
    assert org_share == (org_country, providers[org["provider_id"]]["provider_name"],
                         float(org["share_provided"]), provision.index(org) + 2)  # fmt: skip
    assert n20 == (["S2"], "semiconductor-equipment", float(size["total_revenue"]), 2024)
    assert domains == {
        "Electronic design automation software": "semiconductor-design",
        "Photoresists": "semiconductor-materials",
        "Design": "semiconductor-design",
    }


def test_blank_shares_are_kept_as_unknown(eto: Imported) -> None:
    folder, db, report = eto
    blank = sum(not r["share_provided"] for r in read(folder, "provision.csv"))
    con = duckdb.connect(str(db), read_only=True)
    stored = con.execute("SELECT count(*) FROM supply_shares WHERE share_pct IS NULL").fetchone()
    unattributed = con.execute(
        "SELECT DISTINCT provider_name FROM supply_shares WHERE actor_code IS NULL "
        "AND organisation IS NULL ORDER BY 1"
    ).fetchall()
    con.close()
    assert stored == (blank,)
    assert unattributed == [("Europe",), ("Various countries",)]


def test_bad_rows_of_an_eto_folder_are_quarantined(fresh_store: Path, tmp_path: Path) -> None:
    """A small folder in ETO's layout, written here, with one bad row of each kind."""
    files = {
        "providers.csv": "provider_name,alias,provider_id,provider_type,country\n"
        "USA,United States,P1,country,\nXYZ,Nowhere,P2,country,\nAcme,,P3,organization,USA\n"
        "Odd,,P4,club,USA\n",
        "inputs.csv": "input_id,input_name,type,stage_name,stage_id\n"
        "N1,Fab process,process,Fabrication,S2\nN2,Etch tools,tool_resource,,\n,No id,,,\n",
        "sequence.csv": "input_name,input_id,goes_into_name,goes_into_id,is_type_of_name,"
        "is_type_of_id\nEtch tools,N2,Fab process,N1,,\nGhost,N9,Fab process,N1,,\n",
        "provision.csv": "provider_name,provider_id,provided_name,provided_id,share_provided,year,"
        "source\nUSA,P1,Etch tools,N2,80,2025,s\nAcme,P3,Etch tools,N2,80,2025,s\n"
        "XYZ,P2,Etch tools,N2,20,2025,s\nUSA,P1,Ghost,N9,5,2025,s\n"
        "USA,P1,Etch tools,N2,abc,2024,s\n"
        "USA,P1,Etch tools,N2,80,2025,s\nNone,P7,Etch tools,N2,1,2025,s\n",
        "node_totals_2025.csv": "provided_id,year,total_revenue\nN2,2024,500\nN9,2024,1\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    report = import_supply_source(fresh_store, str(tmp_path))
    got = {(r.source_file, r.row, r.field, r.reason) for r in report.rejections}
    assert got == {
        ("providers.csv", 3, "country", "unknown country 'XYZ'"),
        ("providers.csv", 5, "provider_type", "unknown provider_type 'club'"),
        ("inputs.csv", 4, "input_id", "input id or name missing"),
        ("sequence.csv", 3, "input_id", "unknown input N9"),
        ("node_totals_2025.csv", 3, "provided_id", "unknown input 'N9'"),
        ("provision.csv", 4, "provider_id", "provider rejected at providers.csv row 3"),
        ("provision.csv", 5, "provided_id", "unknown input 'N9'"),
        ("provision.csv", 6, "share_provided", "not a number: 'abc'"),
        ("provision.csv", 7, "provider_id", "repeats row 2 (same input, year and provider)"),
        ("provision.csv", 8, "provider_id", "unknown provider 'P7'"),
    }
    assert (report.inputs, report.country_shares, report.organisation_shares, report.edges) == (
        2, 1, 1, 1,
    )  # fmt: skip
    con = duckdb.connect(str(fresh_store), read_only=True)
    etch = con.execute(
        "SELECT stage_ids, domain_id, market_size_usd_m FROM supply_inputs WHERE input_id = 'N2'"
    ).fetchone()
    con.close()
    assert etch == (["S2"], "semiconductor-equipment", 500.0)
