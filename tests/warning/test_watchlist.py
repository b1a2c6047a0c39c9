"""Watchlists: validation with file/entry/field errors, and which alerts they let through."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from techbloc.errors import InvalidArgument
from techbloc.ingest.lists import import_list_file
from techbloc.warning.watch_organisations import OrganisationMatcher
from techbloc.warning.watchlist import Watchlist, load_watchlist

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "watchlist.yaml"
CSL = ROOT / "tests" / "fixtures" / "csl" / "snapshot_v1.csv"
EXAMPLE_SEMI = "us-bis-entity-list:hexamplesemiconductorcoltd-cf06be27"


@pytest.fixture(scope="module")
def con(
    builtin_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The built-in store with the CSL fixture imported (Example Semiconductor Co., Ltd.,
    alias 示例半导体有限公司, among others)."""
    path = tmp_path_factory.mktemp("watchlist") / "store.duckdb"
    shutil.copyfile(builtin_db, path)
    import_list_file(path, str(CSL), retrieved=dt.date(2025, 1, 1))
    connection = duckdb.connect(str(path), read_only=True)
    yield connection
    connection.close()


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "watch.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_example_watchlist_loads(builtin_con: duckdb.DuckDBPyConnection) -> None:
    w = load_watchlist(EXAMPLE, builtin_con)
    assert w.min_level.label == "orange" and w.system
    assert {"semiconductors", "semiconductor-equipment", "artificial-intelligence"} <= set(
        w.domains
    )
    assert w.alliances == {"wassenaar", "us-japan-netherlands-sme"}
    assert w.countries == {"NL", "JP"}
    assert [o.label for o in w.organisations] == ["华为技术有限公司", "Hikvision", "hikvision"]


def test_every_problem_is_reported_with_file_entry_and_field(
    builtin_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    path = _write(
        tmp_path,
        """
min_level: purple
domains: [半导体, 半导休]
alliances: wassenaar
countries: [NL, Atlantis, [1]]
organisations:
  - {country: CN}
  - {id: no-such-entity}
  - {name: Huawei, colour: red}
system: sometimes
organisation_threshold: 2
colour: blue
""",
    )
    with pytest.raises(InvalidArgument) as info:
        load_watchlist(path, builtin_con)
    lines = info.value.message.splitlines()
    assert lines[0] == f"the watchlist {path} has 10 problem(s):"
    problems = [line.strip().removeprefix(f"{path}: ") for line in lines[1:]]
    assert problems[0] == "colour: unknown field (fields: min_level, domains, alliances, " \
        "countries, organisations, system, organisation_threshold)"  # fmt: skip
    assert problems[1].startswith("min_level: unknown alert level 'purple'")
    assert "system: true or false is expected" in problems
    assert "organisation_threshold: a number above 0 and at most 1 is expected" in problems
    assert any(p.startswith("domains[1]: '半导休': unknown domain") and "semiconductors" in p
               for p in problems)  # fmt: skip
    assert any(p.startswith("countries[1]: 'Atlantis': no country is called") for p in problems)
    assert "countries[2]: a name or id is expected, not [1]" in problems
    assert "organisations[0]: a name or an id is needed" in problems
    assert any(p.startswith("organisations[1]: id: 'no-such-entity' is neither") for p in problems)
    assert "organisations[2]: colour: unknown field (fields: id, name, country)" in problems


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2]", "(top): a mapping of min_level"),
        ("domains: {a: 1}", "domains: a list is expected"),
        ("min_level: [", "not valid YAML"),
    ],
)
def test_malformed_files(
    builtin_con: duckdb.DuckDBPyConnection, tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(InvalidArgument, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_watchlist(_write(tmp_path, text), builtin_con)


def test_a_missing_file_is_named(builtin_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    with pytest.raises(InvalidArgument, match="no watchlist file at"):
        load_watchlist(tmp_path / "nope.yaml", builtin_con)


def alert(level: str, scope: str, listings: tuple[str, ...] = ()) -> dict[str, Any]:
    kind, _, key = scope.partition(":")
    return {"level": level, "scope_type": kind, "scope_key": key,
            "evidence": [{"kind": "listing", "id": i} for i in listings]}  # fmt: skip


CASES = [
    # (watchlist, alert, expected reason or None)
    ("min_level: orange", alert("orange", "domain:quantum"), "level orange ≥ orange"),
    ("min_level: orange", alert("yellow", "domain:quantum"), None),
    ("domains: [半导体]", alert("blue", "domain:semiconductor-equipment"),
     "domain semiconductor-equipment (follows semiconductors)"),
    ("domains: [semiconductor-equipment]", alert("blue", "domain:semiconductors"),
     "domain semiconductors (follows semiconductor-equipment)"),
    ("domains: [半导体]", alert("red", "domain:quantum"), None),
    ("domains: [半导体]\nmin_level: 红", alert("orange", "domain:semiconductors"), None),
    ("alliances: [瓦森纳]", alert("blue", "alliance:wassenaar"), "alliance wassenaar"),
    ("countries: [荷兰]", alert("blue", "country:NL"), "country NL"),
    ("countries: [荷兰]", alert("blue", "system:all"), None),
    ("countries: [荷兰]\nsystem: true", alert("blue", "system:all"), "system"),
    ("organisations: [示例半导体有限公司]", alert("red", "domain:quantum", (EXAMPLE_SEMI,)),
     "organisation 示例半导体有限公司 ~ Example Semiconductor Co., Ltd. "
     f"({EXAMPLE_SEMI}, score 1.00)"),
    ("organisations: [Example Semiconductor]", alert("red", f"organisation:{EXAMPLE_SEMI}"),
     "organisation Example Semiconductor ~ Example Semiconductor Co., Ltd. "
     f"({EXAMPLE_SEMI}, score 1.00)"),
    (f"organisations: [{{id: '{EXAMPLE_SEMI}'}}]", alert("red", "domain:x", (EXAMPLE_SEMI,)),
     f"organisation {EXAMPLE_SEMI} (id)"),
    ("organisations: [海康威视]", alert("red", "organisation:hikvision"),
     "organisation 海康威视 ~ 杭州海康威视数字技术股份有限公司 (hikvision, score 1.00)"),
    ("organisations: [Hikvision]", alert("red", "organisation:杭州海康威视数字技术股份有限公司"),
     "organisation Hikvision ~ 杭州海康威视数字技术股份有限公司 "
     "(杭州海康威视数字技术股份有限公司, score 1.00)"),
    ("organisations: [示例半导体有限公司]", alert("red", "organisation:examplesemiconductorcoltd"),
     "organisation 示例半导体有限公司 ~ Example Semiconductor Co., Ltd. "
     "(examplesemiconductorcoltd, score 1.00)"),  # the detectors' key: the folded listed name
    ("organisations: [华为技术有限公司]", alert("red", "organisation:hikvision"), None),
    ("organisations: [Sample Semiconductor]", alert("red", "domain:x", (EXAMPLE_SEMI,)), None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "given", "reason"), CASES)
def test_which_alerts_a_watchlist_lets_through(
    con: duckdb.DuckDBPyConnection,
    tmp_path: Path,
    text: str,
    given: dict[str, Any],
    reason: str | None,
) -> None:
    watchlist = load_watchlist(_write(tmp_path, text), con)
    matcher = OrganisationMatcher(watchlist.organisation_threshold)
    assert watchlist.match(con, given, matcher) == reason


def test_an_empty_watchlist_follows_everything() -> None:
    assert Watchlist().follows_everything
