"""Alignment between lists: the same organisation on several lists, who listed first, the lag."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from techbloc.cli.app import app
from techbloc.ingest.lists import import_list_file
from techbloc.query.alignment import identifier_key
from techbloc.workspace import Techbloc
from tests.shared_data import shared_dataset

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "csl" / "alignment.csv"


def test_identifier_keys() -> None:
    assert identifier_key("Registration ID, 1027700070518, RU") == "registration id 1027700070518"
    assert identifier_key("innCode:7736050003") == "inncode 7736050003"
    assert identifier_key("Gender, Male") is None
    assert identifier_key("Listing Date (CMIC), 2021-06-03") is None
    assert identifier_key("Website, www.example.com") is None


def test_alignment_on_fixture(fresh_store: Path) -> None:
    import_list_file(fresh_store, str(FIXTURE), retrieved=dt.date(2024, 1, 1))
    with Techbloc.open(fresh_store) as tb:
        result = tb.alignment()
    orgs = {o["name"]: o for o in result["organisations"]}
    assert len(orgs) == 2, orgs.keys()
    avionics = next(o for o in result["organisations"] if "Avionics" in o["name"])
    assert avionics["countries"] == ["CN"]  # the namesake in Iran stays apart
    assert [(x["list_id"], x["lag_days"]) for x in avionics["listings"]] == [
        ("us-bis-entity-list", 0),
        ("us-bis-meu", 587),
    ]
    by_id = next(o for o in result["organisations"] if "Severny" in str(o["listings"]))
    assert by_id["links"] == ["same identifier registration id 1234567890123"]
    pairs = {(p["list_a"], p["list_b"]): p for p in result["pairs"]}
    el_meu = pairs[("us-bis-entity-list", "us-bis-meu")]
    assert (el_meu["shared"], el_meu["a_first"], el_meu["median_lag_days"]) == (1, 1, 587)
    el_sdn = pairs[("us-bis-entity-list", "us-ofac-sdn")]
    assert (el_sdn["shared"], el_sdn["dates_unknown"]) == (1, 1)


def test_alignment_cli(fresh_store: Path) -> None:
    import_list_file(fresh_store, str(FIXTURE), retrieved=dt.date(2024, 1, 1))
    runner = CliRunner()
    result = runner.invoke(app, ["alignment", "--country", "CN", "--db", str(fresh_store)])
    assert result.exit_code == 0, result.output
    assert "Example Avionics Research Institute" in result.stdout and "587" in result.stdout
    as_json = runner.invoke(
        app, ["alignment", "--lists", "us-bis-meu,us-bis-entity-list", "--json", "--db",
              str(fresh_store)],
    )  # fmt: skip
    assert as_json.exit_code == 0
    assert len(json.loads(as_json.stdout)["organisations"]) == 1
    wrong = runner.invoke(app, ["alignment", "--lists", "us-bis-mue", "--db", str(fresh_store)])
    assert wrong.exit_code == 2 and "us-bis-meu" in wrong.stderr  # suggestion, no traceback


def test_alignment_on_real_snapshot(fresh_store: Path) -> None:
    path = shared_dataset("us-csl-watchman", "csl_2023.csv")
    import_list_file(fresh_store, str(path), retrieved=dt.date(2023, 11, 30))
    with Techbloc.open(fresh_store) as tb:
        china = tb.alignment(country="CN")
    avic = next(o for o in china["organisations"] if o["name"].startswith("AVIC Aircraft"))
    # on the MEU list on 2020-12-23, on OFAC's CMIC list 162 days later (2021-06-03)
    assert [(x["list_id"], x["lag_days"]) for x in avic["listings"]] == [
        ("us-bis-meu", 0),
        ("us-ofac-cmic", 162),
    ]
    assert all("CN" in o["countries"] for o in china["organisations"])
