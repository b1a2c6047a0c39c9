"""`techbloc import cn-countermeasures | jp-meti | us-1260h` on the test fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from techbloc.cli.app import app

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def invoke(db: Path, *args: str) -> str:
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 0, result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
    return result.stdout


@pytest.mark.parametrize(
    ("command", "fixture", "lists", "rejected"),
    [
        (
            "cn-countermeasures",
            "cn_countermeasures/snapshot.csv",
            {
                "cn-mofcom-uel": 1, "cn-mfa-countermeasures": 1,
                "cn-mofcom-export-control-watch-list": 1, "cn-tao-punished-organisations": 1,
                "cn-tao-diehard-separatists": 1, "cn-mofcom-export-control-list": 2,
            },
            [5, 6, 7, 8, 13],
        ),
        ("jp-meti", "jp_meti/third_country.txt", {"jp-meti-third-country-export-ban": 5}, [23, 27]),
        ("us-1260h", "dod_1260h/snapshot.csv", {"us-dod-1260h": 5}, [6, 7, 8]),
    ],
)  # fmt: skip
def test_import_reports_lists_and_quarantine(
    fresh_store: Path, command: str, fixture: str, lists: dict[str, int], rejected: list[int]
) -> None:
    path = str(FIXTURES / fixture)
    report = json.loads(
        invoke(fresh_store, "import", command, path, "--retrieved", "2025-10-01", "--json")
    )
    assert report["lists"] == lists and report["added"] == sum(lists.values())
    assert [r["row"] for r in report["rejections"]] == rejected
    assert "nothing changed" in invoke(fresh_store, "import", command, path)
    listed = json.loads(invoke(fresh_store, "listed", next(iter(lists)), "--json"))
    assert len(listed) == lists[next(iter(lists))]
