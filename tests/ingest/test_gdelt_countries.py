"""GDELT's CAMEO and FIPS 10-4 country codes → the knowledge base's actors."""

from __future__ import annotations

import duckdb
import pytest

from techbloc.ingest.gdelt.countries import CountryMaps, code_tables, country_maps


@pytest.fixture(scope="module")
def maps(builtin_con: duckdb.DuckDBPyConnection) -> CountryMaps:
    return country_maps(builtin_con)


@pytest.mark.parametrize(
    ("code", "actor"),
    [("USA", "US"), ("CHN", "CN"), ("NLD", "NL"), ("JPN", "JP"), ("TWN", "TW"), ("PSE", "PS"),
     ("ROU", "RO"), ("ROM", "RO"), ("TMP", "TL"), ("WSB", "PS"), ("GZS", "PS"), ("BAG", "IQ"),
     ("EUR", None), ("AFR", None), ("WST", None), ("XYZ", None)],
)  # fmt: skip
def test_cameo_codes(maps: CountryMaps, code: str, actor: str | None) -> None:
    assert maps.cameo.get(code) == actor


def test_cameo_regions_are_named_but_map_to_no_actor(maps: CountryMaps) -> None:
    assert maps.regions["EUR"] == "Europe" and maps.regions["WST"] == "The West"
    assert not set(maps.regions) & set(maps.cameo)


@pytest.mark.parametrize(
    ("code", "actor"),
    [("CH", "CN"), ("JA", "JP"), ("SZ", "CH"), ("GM", "DE"), ("UK", "GB"), ("KS", "KR"),
     ("KN", "KP"), ("RS", "RU"), ("NL", "NL"), ("US", "US"), ("TW", "TW"), ("KV", "XK"),
     ("GZ", "PS"), ("WE", "PS"), ("CN", "KM"), ("AS", "AU"), ("AU", "AT"), ("EZ", "CZ"),
     ("VM", "VN"), ("GK", None), ("PF", None), ("OS", None)],
)  # fmt: skip
def test_fips_codes(maps: CountryMaps, code: str, actor: str | None) -> None:
    """GK (Guernsey) is a real FIPS code for a territory the knowledge base does not hold; PF
    (Paracel Islands) has no ISO code; OS is no country code."""
    assert maps.fips.get(code) == actor


def test_every_current_country_of_the_knowledge_base_has_a_fips_code(
    builtin_con: duckdb.DuckDBPyConnection, maps: CountryMaps
) -> None:
    current = {
        str(r[0])
        for r in builtin_con.execute(
            "SELECT actor_code FROM actors WHERE actor_kind IN ('country', 'territory') "
            "AND ended_date IS NULL"
        ).fetchall()
    }
    assert current - set(maps.fips.values()) == set()


def test_the_tables_cite_their_sources() -> None:
    tables = code_tables()
    ids = {s["id"] for s in tables["sources"]}
    assert {"factbook-appendix-d", "gdelt-cameo-country", "cameo-codebook"} <= ids
    for entry in tables["cameo"].values():
        assert entry.get("source") is None or entry["source"] in ids
    assert len(set(tables["fips"])) == len(tables["fips"])
