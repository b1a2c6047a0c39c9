"""`techbloc import gdelt`, `techbloc news …` and `assess event-pressure --from-store` end to end,
and the same through the Python API."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from techbloc.cli.app import app
from techbloc.workspace import Techbloc

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "gdelt"
DEAL = ("--coalition", "US,JP,NL", "--at", "2023-12-31")


def invoke(db: Path, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == code, result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
    return result.stdout if code == 0 else result.stderr


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, builtin_db: Path) -> Path:
    path = tmp_path_factory.mktemp("news-cli") / "store.duckdb"
    shutil.copyfile(builtin_db, path)
    report = json.loads(invoke(path, "import", "gdelt", str(FIXTURES), "--json"))
    assert (report["events_added"], report["mentions_added"], report["rows_rejected"]) == (
        14,
        3,
        15,
    )
    return path


def test_import_reports_files_and_quarantine_and_a_rerun_changes_nothing(
    fresh_store: Path,
) -> None:
    text = invoke(fresh_store, "import", "gdelt", str(FIXTURES / "20230128000000.export.CSV"))
    assert "10 events and 0 mentions added, 12 rows quarantined" in text
    assert "Quarantined rows / 隔离行" in text and "not a real date YYYYMMDD" in text
    again = invoke(fresh_store, "import", "gdelt", str(FIXTURES / "20230128000000.export.CSV"))
    assert "nothing changed" in again and "already-imported" in again
    assert "no such file" in invoke(fresh_store, "import", "gdelt", "nowhere.CSV", code=2)


def test_news_stats(store: Path) -> None:
    stats = json.loads(invoke(store, "news", "stats", "--json"))
    assert stats["totals"]["events"] == 14 and stats["totals"]["quarantined_rows"] == 15
    assert [(r["quad_class"], r["label_zh"], r["events"]) for r in stats["by_quad_class"]] == [
        (1, "口头合作", 5), (3, "口头冲突", 3), (4, "物质冲突", 6)
    ]  # fmt: skip
    assert {(r["code_system"], r["code"]) for r in stats["unmapped_codes"]} == {
        ("CAMEO", "EUR"), ("CAMEO", "XYZ")
    }  # fmt: skip
    assert stats["by_country"][0]["actor_code"] == "CN"
    text = invoke(store, "news", "stats")
    assert (
        "Events by technology domain / 各技术领域事件" in text and "semiconductor-materials" in text
    )


def test_news_list_and_quarantine(store: Path) -> None:
    listed = json.loads(invoke(store, "news", "list", "--country", "荷兰", "--json"))
    assert [r["global_event_id"] for r in listed] == [1085000042, 1085000006, 1085000002]
    assert listed[2]["mentions_stored"] == 3
    text = invoke(store, "news", "list", "--domain", "semiconductors", "--quad-class", "4")
    assert "1085000003" in text and "1085000004" not in text
    quarantine = json.loads(invoke(store, "news", "quarantine", "--limit", "100", "--json"))
    assert len(quarantine) == 17 and quarantine[0]["import_id"] == 4


def test_news_counts_reads_the_view(store: Path) -> None:
    rows = json.loads(
        invoke(store, "news", "counts", "--actor1", "JP", "--actor2", "China", "--json")
    )
    assert [(r["event_date"], r["domain_id"], r["quad_class"], r["event_root_code"], r["events"])
            for r in rows] == [("2023-01-28", "semiconductor-materials", 4, "17", 1),
                               ("2023-01-28", None, 4, "17", 1)]  # fmt: skip
    by_root = json.loads(invoke(store, "news", "counts", "--root-code", "3", "--json"))
    assert {r["event_root_code"] for r in by_root} == {"03"}
    assert "Daily news event counts" in invoke(store, "news", "counts", "--limit", "3")


@pytest.mark.parametrize(
    ("args", "message"),
    [(("news", "list", "--quad-class", "5"), "QuadClass is 1–4"),
     (("news", "counts", "--domain", "chipz"), "unknown domain"),
     (("news", "list", "--since", "2024-01-01", "--until", "2023-01-01"), "is after"),
     (("news", "list", "--country", "Atlantis"), "no country is called"),
     (("assess", "event-pressure", *DEAL), "not both or neither"),
     (("assess", "event-pressure", "--from-store", "--events", "x.csv"), "not both or neither")],
)  # fmt: skip
def test_mistakes_get_a_message(store: Path, args: tuple[str, ...], message: str) -> None:
    assert message in invoke(store, *args, code=2)


def test_event_pressure_from_the_store_equals_the_same_events_from_a_file(
    store: Path, tmp_path: Path
) -> None:
    events = tmp_path / "events.csv"
    con = duckdb.connect(str(store), read_only=True)
    con.execute(
        "COPY (SELECT global_event_id AS GLOBALEVENTID, sql_date AS SQLDATE, "
        "actor1_country_code AS Actor1CountryCode, actor2_country_code AS Actor2CountryCode, "
        "event_code AS EventCode, event_root_code AS EventRootCode, quad_class AS QuadClass, "
        "goldstein_scale AS GoldsteinScale, num_mentions AS NumMentions, "
        "num_sources AS NumSources, avg_tone AS AvgTone, domain_id FROM news_events) "
        f"TO '{events}' (HEADER)"
    )
    con.close()
    from_store = json.loads(invoke(store, "assess", "event-pressure", "--from-store", *DEAL,
                                   "--json"))  # fmt: skip
    from_file = json.loads(invoke(store, "assess", "event-pressure", "--events", str(events),
                                  *DEAL, "--json"))  # fmt: skip
    assert from_store == from_file
    got = sorted((r["period_start"], r["domain_id"] or "", r["events"]) for r in from_store["rows"])
    assert got == [
        ("2022-10-01", "", 1), ("2023-01-01", "", 1), ("2023-01-01", "quantum", 1),
        ("2023-01-01", "semiconductor-equipment", 1), ("2023-01-01", "semiconductor-materials", 1),
    ]  # fmt: skip


def test_event_pressure_from_a_store_without_news(fresh_store: Path) -> None:
    assert "holds no news events" in invoke(
        fresh_store, "assess", "event-pressure", "--from-store", *DEAL, code=2
    )


def test_the_python_api_imports_and_reads(fresh_store: Path) -> None:
    seen: list[Any] = []
    with Techbloc.open(fresh_store) as tb:
        report = tb.import_gdelt([FIXTURES], on_progress=lambda *a: seen.append(a))
        assert report["events_added"] == 14 and seen[-1][2] == "writing the quarantine"
        counts = tb.news_event_counts(since="2023-01-28", domain="semiconductors")
        assert sum(r["events"] for r in counts) == 5
        assert tb.news_stats()["totals"]["mentions"] == 3
        assert len(tb.news_events(limit=2)) == 2 and len(tb.news_quarantine(limit=3)) == 3
        pressure = tb.event_pressure(at="2023-12-31", coalition="US,JP,NL", from_store=True)
        assert sum(r["events"] for r in pressure["rows"]) == 5
