"""The labelled passages for document tagging: loading their YAML file and checking every field.

A passage is a short text (Chinese, English or mixed) with the knowledge-base keys it names per
mention type, the stance of each alliance it names and the dates of the events it reports. The
labelling guide is at the top of the set file. Errors name the file, the passage and the field, so a
broken label is found without reading a traceback; :func:`unknown_keys` checks the labels against a
knowledge base.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

import yaml

from techbloc.documents.model import MENTION_TYPES, MentionType
from techbloc.errors import InvalidArgument
from techbloc.kb.loader import KnowledgeBase

PassageLanguage = Literal["zh", "en", "mixed"]
StanceKind = Literal["blockade", "cooperation", "mixed", "neutral"]
Direction = Literal["restrictive", "cooperative", "relaxing"]
DatePrecision = Literal["day", "month", "year"]

LANGUAGES: tuple[PassageLanguage, ...] = get_args(PassageLanguage)
ID_PREFIX: dict[PassageLanguage, str] = {"zh": "zh", "en": "en", "mixed": "mx"}
# Which directions go with which stance (see rule 7 of the labelling guide).
DIRECTIONS: dict[StanceKind, tuple[Direction | None, ...]] = {
    "blockade": ("restrictive", "relaxing"),
    "cooperation": ("cooperative", "relaxing"),
    "mixed": (None,),
    "neutral": (None,),
}
PASSAGE_FIELDS = {"id", "lang", "origin", "text", "expected", "stances", "dates", "note"}
ORIGIN_FIELDS = {"publisher", "title", "date", "url"}
_DATE_FORMS: dict[int, DatePrecision] = {4: "year", 7: "month", 10: "day"}


@dataclass(frozen=True)
class LabelledDate:
    """A date as precise as the passage gives it: '2023-06-30' (day), '2023-09', '2023'."""

    value: str
    precision: DatePrecision


@dataclass(frozen=True)
class StanceLabel:
    stance: StanceKind
    direction: Direction | None


@dataclass(frozen=True)
class Passage:
    id: str
    lang: PassageLanguage
    text: str
    expected: dict[MentionType, frozenset[str]]
    stances: dict[str, StanceLabel]
    dates: frozenset[LabelledDate]
    origin: str  # 'written', or the publisher and title of a quoted text


def load_passages(path: Path) -> list[Passage]:
    """The passages of the set file, checked for form (not yet against a knowledge base)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidArgument(f"cannot read the labelled passages {path}: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("passages"), list):
        raise InvalidArgument(f"{path}: expected a mapping with a list under 'passages'")
    if extra := sorted(set(raw) - {"passages"}):
        raise InvalidArgument(f"{path}: unknown top-level field(s) {', '.join(extra)}")
    passages: list[Passage] = []
    seen: set[str] = set()
    for number, item in enumerate(raw["passages"], start=1):
        passage = _passage(path, number, item)
        if passage.id in seen:
            raise InvalidArgument(f"{path}: passage {passage.id} appears twice")
        seen.add(passage.id)
        passages.append(passage)
    return passages


def _passage(path: Path, number: int, item: Any) -> Passage:
    if not isinstance(item, dict):
        raise InvalidArgument(f"{path}: passage {number}: expected a mapping")
    where = f"{path}: passage {item.get('id', number)}"
    if extra := sorted(set(item) - PASSAGE_FIELDS):
        raise InvalidArgument(f"{where}: unknown field(s) {', '.join(map(str, extra))}")
    for field in ("id", "lang", "origin", "text", "expected"):
        if field not in item:
            raise InvalidArgument(f"{where}: field '{field}' is missing")
    passage_id, lang, text = item["id"], item["lang"], item["text"]
    if lang not in LANGUAGES:
        raise InvalidArgument(f"{where}: field 'lang' must be one of {', '.join(LANGUAGES)}")
    prefix = ID_PREFIX[lang]
    if not isinstance(passage_id, str) or not re.fullmatch(rf"{prefix}-\d{{3}}", passage_id):
        raise InvalidArgument(f"{where}: field 'id' must look like {prefix}-001 for lang {lang}")
    if not isinstance(text, str) or not text.strip():
        raise InvalidArgument(f"{where}: field 'text' must be a non-empty text")
    if item.get("note") is not None and not isinstance(item["note"], str):
        raise InvalidArgument(f"{where}: field 'note' must be a text")
    expected = _expected(where, item["expected"])
    return Passage(
        id=passage_id,
        lang=lang,
        text=text.strip(),
        expected=expected,
        stances=_stances(where, item.get("stances") or {}, expected["alliance"]),
        dates=_dates(where, item.get("dates") or []),
        origin=_origin(where, item["origin"]),
    )


def _origin(where: str, value: Any) -> str:
    if value == "written":
        return "written"
    if not isinstance(value, dict) or set(value) != ORIGIN_FIELDS:
        raise InvalidArgument(
            f"{where}: field 'origin' must be 'written' or a mapping of "
            f"{', '.join(sorted(ORIGIN_FIELDS))}"
        )
    if not all(isinstance(value[k], str | dt.date) and str(value[k]).strip() for k in value):
        raise InvalidArgument(f"{where}: every field of 'origin' must be a non-empty text or date")
    return f"{value['publisher']}, {value['title']}"


def _expected(where: str, value: Any) -> dict[MentionType, frozenset[str]]:
    if not isinstance(value, dict) or set(value) != set(MENTION_TYPES):
        raise InvalidArgument(
            f"{where}: field 'expected' must have exactly the keys {', '.join(MENTION_TYPES)}"
        )
    expected: dict[MentionType, frozenset[str]] = {}
    for mention_type in MENTION_TYPES:
        keys = value[mention_type]
        if not isinstance(keys, list) or not all(isinstance(k, str) and k for k in keys):
            raise InvalidArgument(
                f"{where}: field 'expected.{mention_type}' must be a list of keys "
                '(quote keys YAML reads otherwise, such as "NO")'
            )
        if len(set(keys)) != len(keys):
            raise InvalidArgument(f"{where}: field 'expected.{mention_type}' repeats a key")
        expected[mention_type] = frozenset(keys)
    return expected


def _stances(where: str, value: Any, alliances: frozenset[str]) -> dict[str, StanceLabel]:
    if not isinstance(value, dict):
        raise InvalidArgument(f"{where}: field 'stances' must map alliance keys to stances")
    if set(value) != alliances:
        missing, extra = sorted(alliances - set(value)), sorted(set(value) - alliances)
        raise InvalidArgument(
            f"{where}: field 'stances' must give one stance per labelled alliance"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; not labelled as alliances {', '.join(map(str, extra))}" if extra else "")
        )
    stances: dict[str, StanceLabel] = {}
    for alliance, label in value.items():
        field = f"stances.{alliance}"
        if not isinstance(label, dict) or set(label) != {"stance", "direction"}:
            raise InvalidArgument(f"{where}: field '{field}' needs 'stance' and 'direction'")
        stance, direction = label["stance"], label["direction"]
        if stance not in DIRECTIONS:
            raise InvalidArgument(
                f"{where}: field '{field}.stance' must be one of {', '.join(DIRECTIONS)}"
            )
        if direction not in DIRECTIONS[stance]:
            allowed = ", ".join("null" if d is None else d for d in DIRECTIONS[stance])
            raise InvalidArgument(
                f"{where}: field '{field}.direction' must be {allowed} for a {stance} stance"
            )
        stances[alliance] = StanceLabel(stance, direction)
    return stances


def _dates(where: str, value: Any) -> frozenset[LabelledDate]:
    if not isinstance(value, list):
        raise InvalidArgument(f"{where}: field 'dates' must be a list")
    dates: list[LabelledDate] = []
    for item in value:
        date = _date(item)
        if date is None:
            raise InvalidArgument(
                f"{where}: field 'dates' has '{item}', not YYYY-MM-DD, YYYY-MM or YYYY"
            )
        dates.append(date)
    if len(set(dates)) != len(dates):
        raise InvalidArgument(f"{where}: field 'dates' repeats a date")
    return frozenset(dates)


def _date(item: Any) -> LabelledDate | None:
    """A YAML date (2023-06-30), year (2023) or text ('2023-09') as a labelled date, else None."""
    if isinstance(item, dt.datetime):
        return None
    if isinstance(item, dt.date):
        return LabelledDate(item.isoformat(), "day")
    text = str(item) if isinstance(item, int) and not isinstance(item, bool) else item
    if not isinstance(text, str) or len(text) not in _DATE_FORMS:
        return None
    precision = _DATE_FORMS[len(text)]
    padded = {"year": f"{text}-01-01", "month": f"{text}-01", "day": text}[precision]
    try:
        dt.date.fromisoformat(padded)
    except ValueError:
        return None
    return LabelledDate(text, precision)


def unknown_keys(passages: list[Passage], kb: KnowledgeBase) -> list[str]:
    """One line per labelled key the knowledge base does not have (stances follow alliances)."""
    known: dict[MentionType, set[str]] = {
        "alliance": set(kb.alliances),
        "country": set(kb.actors),
        "domain": set(kb.domains),
        "instrument": set(kb.instruments),
        "stage": set(kb.stages),
        "dimension": set(kb.dimensions),
    }
    return [
        f"passage {p.id}: {mention_type} '{key}' is not a key of the knowledge base"
        for p in passages
        for mention_type in MENTION_TYPES
        for key in sorted(p.expected[mention_type] - known[mention_type])
    ]
