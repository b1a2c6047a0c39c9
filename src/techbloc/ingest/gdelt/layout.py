"""The layouts of GDELT 2.0's event and mention files, declared once: each column's name in the
GDELT codebook, its name and type in the store, and the rule a value must pass.

The order is the order of the columns in GDELT's tab-separated files (which have no header); a
test checks it against the codebook's field lists (../shared/datasets/gdelt-reference/
gdelt2_events_schema.csv and gdelt2_mentions_schema.csv). Kinds:

* ``text`` — any text, kept as given (empty → NULL);
* ``code`` — a CAMEO code kept as text so that leading zeros stay ('010'), matching ``pattern``;
* ``int`` / ``bigint`` — an integer written with digits only, within ``low`` … ``high``;
* ``float`` — a decimal number, within ``low`` … ``high``;
* ``flag`` — 0 or 1, stored as a boolean;
* ``date8`` — a real calendar date written YYYYMMDD (stored as the integer and, for SQLDATE, as
  the date ``event_date``);
* ``ts14`` — a real date and time written YYYYMMDDHHMMSS (UTC), stored as a timestamp.

``required`` columns may not be empty; the others are NULL when empty. A text column with
``max_bytes`` (a key) may not be longer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "code", "int", "bigint", "float", "flag", "date8", "ts14"]
FileKind = Literal["events", "mentions"]

SQL_TYPES: dict[Kind, str] = {
    "text": "VARCHAR", "code": "VARCHAR", "int": "INTEGER", "bigint": "BIGINT",
    "float": "DOUBLE", "flag": "BOOLEAN", "date8": "INTEGER", "ts14": "TIMESTAMP",
}  # fmt: skip


KEY_BYTES = 100_000
"""The longest text a key column may hold, in UTF-8 bytes: a mention's key (its document's URL
and five numbers) must fit DuckDB's index, which refuses keys over 122,880 bytes and with them
the whole import."""


@dataclass(frozen=True)
class Column:
    gdelt: str
    store: str
    kind: Kind = "text"
    required: bool = False
    low: float | None = None
    high: float | None = None
    pattern: str | None = None
    pattern_says: str = ""
    max_bytes: int | None = None  # a key column: DuckDB's index takes keys up to 122,880 bytes

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.kind]


def _actor(n: int) -> list[Column]:
    a = f"Actor{n}"
    return [
        Column(f"{a}Code", f"actor{n}_code"),
        Column(f"{a}Name", f"actor{n}_name"),
        Column(f"{a}CountryCode", f"actor{n}_country_code"),
        Column(f"{a}KnownGroupCode", f"actor{n}_known_group_code"),
        Column(f"{a}EthnicCode", f"actor{n}_ethnic_code"),
        Column(f"{a}Religion1Code", f"actor{n}_religion1_code"),
        Column(f"{a}Religion2Code", f"actor{n}_religion2_code"),
        Column(f"{a}Type1Code", f"actor{n}_type1_code"),
        Column(f"{a}Type2Code", f"actor{n}_type2_code"),
        Column(f"{a}Type3Code", f"actor{n}_type3_code"),
    ]


def _geo(prefix: str, store: str) -> list[Column]:
    return [
        Column(f"{prefix}_Type", f"{store}_type", "int", low=0, high=5),
        Column(f"{prefix}_FullName", f"{store}_full_name"),
        Column(f"{prefix}_CountryCode", f"{store}_country_code"),
        Column(f"{prefix}_ADM1Code", f"{store}_adm1_code"),
        Column(f"{prefix}_ADM2Code", f"{store}_adm2_code"),
        Column(f"{prefix}_Lat", f"{store}_lat", "float", low=-90, high=90),
        Column(f"{prefix}_Long", f"{store}_long", "float", low=-180, high=180),
        Column(f"{prefix}_FeatureID", f"{store}_feature_id"),
    ]


EVENT_COLUMNS: tuple[Column, ...] = (
    Column("GLOBALEVENTID", "global_event_id", "bigint", required=True, low=1),
    Column("SQLDATE", "sql_date", "date8", required=True),
    Column("MonthYear", "month_year", "int"),
    Column("Year", "year", "int"),
    Column("FractionDate", "fraction_date", "float"),
    *_actor(1),
    *_actor(2),
    Column("IsRootEvent", "is_root_event", "flag"),
    Column("EventCode", "event_code", "code", required=True, pattern="[0-9]{2,4}",
           pattern_says="a CAMEO event code of 2 to 4 digits"),
    Column("EventBaseCode", "event_base_code", "code", pattern="[0-9]{2,3}",
           pattern_says="a CAMEO base code of 2 or 3 digits"),
    Column("EventRootCode", "event_root_code", "code", required=True,
           pattern="0[1-9]|1[0-9]|20", pattern_says="a CAMEO root code 01–20"),
    Column("QuadClass", "quad_class", "int", required=True, low=1, high=4),
    Column("GoldsteinScale", "goldstein_scale", "float", required=True, low=-10, high=10),
    Column("NumMentions", "num_mentions", "int", required=True, low=0),
    Column("NumSources", "num_sources", "int", low=0),
    Column("NumArticles", "num_articles", "int", low=0),
    Column("AvgTone", "avg_tone", "float", low=-100, high=100),
    *_geo("Actor1Geo", "actor1_geo"),
    *_geo("Actor2Geo", "actor2_geo"),
    *_geo("ActionGeo", "action_geo"),
    Column("DATEADDED", "date_added", "ts14"),
    Column("SOURCEURL", "source_url"),
)  # fmt: skip

MENTION_COLUMNS: tuple[Column, ...] = (
    Column("GLOBALEVENTID", "global_event_id", "bigint", required=True, low=1),
    Column("EventTimeDate", "event_time_date", "ts14", required=True),
    Column("MentionTimeDate", "mention_time_date", "ts14", required=True),
    Column("MentionType", "mention_type", "int", required=True, low=1, high=6),
    Column("MentionSourceName", "mention_source_name"),
    Column("MentionIdentifier", "mention_identifier", required=True, max_bytes=KEY_BYTES),
    Column("SentenceID", "sentence_id", "int", required=True, low=0),
    Column("Actor1CharOffset", "actor1_char_offset", "int", required=True, low=-1),
    Column("Actor2CharOffset", "actor2_char_offset", "int", required=True, low=-1),
    Column("ActionCharOffset", "action_char_offset", "int", required=True, low=-1),
    Column("InRawText", "in_raw_text", "flag"),
    Column("Confidence", "confidence", "int", low=0, high=100),
    Column("MentionDocLen", "mention_doc_len", "int", low=0),
    Column("MentionDocTone", "mention_doc_tone", "float", low=-100, high=100),
    Column("MentionDocTranslationInfo", "mention_doc_translation_info"),
    Column("Extras", "extras"),
)

LAYOUTS: dict[FileKind, tuple[Column, ...]] = {"events": EVENT_COLUMNS, "mentions": MENTION_COLUMNS}

KEYS: dict[FileKind, tuple[str, ...]] = {
    "events": ("global_event_id",),
    "mentions": ("global_event_id", "mention_identifier", "sentence_id", "actor1_char_offset",
                 "actor2_char_offset", "action_char_offset"),
}  # fmt: skip
"""What identifies a row: an event by its id; a mention by the event, the document, the sentence
and the three character offsets (one sentence can mention an event twice, with the actors'
roles swapped)."""

REQUIRED_HEADER: dict[FileKind, tuple[str, ...]] = {
    "events": tuple(c.gdelt for c in EVENT_COLUMNS if c.required),
    "mentions": tuple(c.gdelt for c in MENTION_COLUMNS if c.required),
}
"""The columns a file with a header row must name; the others may be left out (then NULL)."""
