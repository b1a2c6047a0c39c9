"""Names of scopes in English and Chinese, for alert titles."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from techbloc.warning.streams.store import Taxonomy

SYSTEM_LABEL = ("all", "全部")


@dataclass
class Labels:
    """scope type → key → (en, zh); unknown keys are shown as they are."""

    names: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection, taxonomy: Taxonomy) -> Labels:
        alliances = con.execute(
            "SELECT alliance_id, coalesce(short_name_en, name_en), "
            "coalesce(short_name_zh, name_zh) FROM alliances"
        ).fetchall()
        actors = con.execute("SELECT actor_code, name_en, name_zh FROM actors").fetchall()
        return cls(
            {
                "domain": dict(taxonomy.names),
                "alliance": {str(a): (str(en), str(zh)) for a, en, zh in alliances},
                "country": {str(a): (str(en), str(zh)) for a, en, zh in actors},
                "system": {"all": SYSTEM_LABEL},
            }
        )

    def add(self, extra: dict[tuple[str, str], tuple[str, str]]) -> None:
        for (scope, key), names in extra.items():
            self.names.setdefault(scope, {}).setdefault(key, names)

    def of(self, scope: str, key: str) -> tuple[str, str]:
        return self.names.get(scope, {}).get(key, (key, key))
