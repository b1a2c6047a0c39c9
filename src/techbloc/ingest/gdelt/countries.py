"""GDELT's country codes → the knowledge base's actor codes (the tables and their sources:
``country_codes.yaml``; the method: docs/methodology.md, "News events (GDELT 2.0)").

* CAMEO country codes (Actor1CountryCode, Actor2CountryCode) are ISO 3166-1 alpha-3 for
  countries: mapped through the ``iso3`` field of the store's actors, plus the few codes the
  YAML file lists (former ISO codes, West Bank, Gaza Strip); its regions (EUR, AFR, WST …) stay
  unmapped.
* FIPS 10-4 codes (the *Geo_CountryCode fields: CH = China, JA = Japan) go to ISO alpha-2 by the
  YAML table and are kept where the store has that actor.

A code found nowhere stays unmapped (NULL); the original code is always kept beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb

from techbloc.ingest.gdelt.temp_tables import temp_table
from techbloc.kb.yaml_io import read_yaml

CODES_FILE = Path(__file__).with_name("country_codes.yaml")


@lru_cache(maxsize=1)
def code_tables() -> dict[str, Any]:
    """The YAML file: sources, cameo (code → actor, label), fips (code → ISO alpha-2)."""
    data: dict[str, Any] = read_yaml(CODES_FILE)
    return data


@dataclass(frozen=True)
class CountryMaps:
    cameo: dict[str, str]  # CAMEO country code → actor code
    fips: dict[str, str]  # FIPS 10-4 code → actor code
    regions: dict[str, str]  # CAMEO region code → label (unmapped on purpose)


def country_maps(con: duckdb.DuckDBPyConnection) -> CountryMaps:
    """The maps for the actors of the store behind ``con``."""
    actors = {
        str(code): (str(iso3) if iso3 else None)
        for code, iso3 in con.execute("SELECT actor_code, iso3 FROM actors").fetchall()
    }
    tables = code_tables()
    cameo = {iso3: code for code, iso3 in actors.items() if iso3}
    regions: dict[str, str] = {}
    for code, entry in tables["cameo"].items():
        if entry.get("actor") is None:
            regions[str(code)] = str(entry["label"])
        elif entry["actor"] in actors:
            cameo.setdefault(str(code), str(entry["actor"]))
    fips = {str(code): str(iso2) for code, iso2 in tables["fips"].items() if iso2 in actors}
    return CountryMaps(cameo, fips, regions)


def register_maps(con: duckdb.DuckDBPyConnection, maps: CountryMaps) -> None:
    """The maps as temporary tables ``gdelt_cameo_map`` and ``gdelt_fips_map`` (code, actor_code)
    for the importer's joins."""
    for name, table in (("gdelt_cameo_map", maps.cameo), ("gdelt_fips_map", maps.fips)):
        codes = sorted(table)
        temp_table(con, name, {"code": ("VARCHAR", codes),
                               "actor_code": ("VARCHAR", [table[c] for c in codes])})  # fmt: skip
