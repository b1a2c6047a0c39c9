"""The bilingual name bridge (kb/data/names/organisations.yaml) used as extra query variants.

A Chinese query that contains a bridged Chinese name (longest first) is also read with that part
replaced by the organisation's English names (海康威视 → Hikvision); a query that is a bridged
abbreviation (SMIC) is also read as the English names. A *short* Chinese name (大华) followed by
other words counts only when those words appear in the organisation's English name: 大华银行 is a
bank, not Dahua Technology.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import duckdb

from techbloc.matching.names import AnalysedName, Token, analyse
from techbloc.text.normalize import normalize_name

MAX_ENGLISH = 3


@dataclass(frozen=True)
class Variant:
    name: AnalysedName
    via: str


class NameBridge:
    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        self.english: dict[str, list[str]] = defaultdict(list)
        self.full_zh: dict[str, str] = {}
        chinese: list[tuple[str, str, str]] = []
        self.abbreviations: dict[str, str] = {}
        for org_id, lang, name in rows:
            if lang == "en":
                self.english[org_id].append(name)
            elif lang == "abbr":
                self.abbreviations[normalize_name(name)] = org_id
            elif lang == "zh":
                chinese.append((normalize_name(name), org_id, name))
                self.full_zh.setdefault(org_id, name)
        self.chinese = sorted(chinese, key=lambda c: -len(c[0]))

    @classmethod
    def from_store(cls, con: duckdb.DuckDBPyConnection) -> NameBridge:
        rows = con.execute(
            "SELECT org_id, lang, name FROM organisation_names ORDER BY org_id, rowid"
        ).fetchall()
        return cls([(str(a), str(b), str(c)) for a, b, c in rows])

    def variants(self, query: str, analysed: AnalysedName) -> list[Variant]:
        key = normalize_name(query)
        if analysed.script == "latin":
            org = self.abbreviations.get(key)
            if not org:
                return []
            return [
                Variant(analyse(en), f"name bridge: {query} = {en}")
                for en in self.english[org][:MAX_ENGLISH]
            ]
        for zh_key, org, zh in self.chinese:
            if len(zh_key) < 2 or zh_key not in key:
                continue
            rest = analyse(key.replace(zh_key, "", 1)) if key != zh_key else None
            out = []
            for en in self.english[org][:MAX_ENGLISH]:
                english = analyse(en)
                if rest and zh != self.full_zh[org] and not _covered(rest, english):
                    continue  # a short name followed by words the organisation's name lacks
                tokens = _joined(english, rest)
                out.append(Variant(AnalysedName(query, "han", tokens), f"name bridge: {zh} = {en}"))
            return out
        return []


def _covered(rest: AnalysedName, english: AnalysedName) -> bool:
    words = {t.text for t in english.tokens}
    units: dict[int, list[Token]] = defaultdict(list)
    for token in rest.tokens:
        units[token.unit].append(token)
    return all(
        any(t.text in words for t in tokens) or all(t.droppable for t in tokens)
        for tokens in units.values()
    )


def _joined(first: AnalysedName, rest: AnalysedName | None) -> tuple[Token, ...]:
    tokens = list(first.tokens)
    if rest:
        offset = (max(t.unit for t in tokens) + 1) if tokens else 0
        tokens += [
            Token(t.text, t.kind, t.origin, t.unit + offset, t.alternative, t.optional, t.droppable)
            for t in rest.tokens
        ]
    return tuple(tokens)
