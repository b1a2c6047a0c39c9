"""JSON inputs: CSL results, FollowTheMoney lines (whole exports and deltas), Federal Register
documents. Fields hold what they should most of the time, and any JSON value otherwise."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from tests.fuzz.csv_files import CSL_COLUMNS, CSL_SOURCES
from tests.fuzz.damage import damaged
from tests.fuzz.values import CODES, DATES, HOSTILE, NAMES, NUMBERS

ANY_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)
TEXT = st.one_of(NAMES, HOSTILE)


def _or_anything(fitting: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(fitting, fitting, fitting, ANY_JSON)


def _dump(draw: st.DrawFn, value: Any) -> str:
    return json.dumps(
        value, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 1]))
    )


# --- CSL ---------------------------------------------------------------------------------------


@st.composite
def csl_result(draw: st.DrawFn) -> Any:
    fields = draw(st.lists(st.sampled_from(CSL_COLUMNS), unique=True, max_size=len(CSL_COLUMNS)))
    result: dict[str, Any] = {"source": draw(st.sampled_from(CSL_SOURCES)), "name": draw(TEXT)}
    for field in fields:
        if "date" in field:
            fitting: st.SearchStrategy[Any] = DATES
        elif field in ("addresses", "ids"):
            fitting = st.lists(
                st.one_of(
                    TEXT,
                    st.fixed_dictionaries(
                        {"address": TEXT, "city": TEXT, "country": CODES}, optional={"type": TEXT}
                    ),
                ),
                max_size=3,
            )
        elif field in ("alt_names", "programs", "citizenships", "nationalities"):
            fitting = st.lists(st.one_of(TEXT, CODES), max_size=3)
        else:
            fitting = TEXT
        result[field] = draw(_or_anything(fitting))
    return draw(st.one_of(st.just(result), st.just(result), ANY_JSON))


@st.composite
def csl_json(draw: st.DrawFn) -> bytes:
    results = draw(st.lists(csl_result(), max_size=8))
    doc = draw(st.sampled_from(["object", "object", "list", "other"]))
    value: Any = (
        {"total": len(results), "results": results, "sources_used": []}
        if doc == "object"
        else results
        if doc == "list"
        else draw(ANY_JSON)
    )
    return draw(damaged(_dump(draw, value).encode()))


# --- FollowTheMoney ------------------------------------------------------------------------------

IDS = st.sampled_from(["e1", "e2", "e3", "p1", "a1", "a2", "s1", "s2", "o1", "o2", "", " "])
DATASETS = st.sampled_from(
    [
        "us_ofac_sdn",
        "eu_fsf",
        "gb_hmt_sanctions",
        "ext_ru_egrul",
        "cn_sanctions",
        "tw_shtc",
        "new_dataset",
        "",
        "ext_",
    ]
)
_PROPS: dict[str, dict[str, st.SearchStrategy[Any]]] = {
    "Company": {
        "name": TEXT,
        "alias": TEXT,
        "country": CODES,
        "jurisdiction": CODES,
        "addressEntity": IDS,
        "address": TEXT,
        "registrationNumber": TEXT,
        "sourceUrl": TEXT,
        "innCode": NUMBERS,
    },
    "Person": {"name": TEXT, "nationality": CODES, "previousName": TEXT, "weakAlias": TEXT},
    "Sanction": {
        "entity": IDS,
        "program": TEXT,
        "programId": TEXT,
        "startDate": DATES,
        "listingDate": DATES,
        "endDate": DATES,
        "authority": TEXT,
        "country": CODES,
        "authorityId": st.sampled_from(["88 FR 12345", "15 CFR 744", "x"]),
        "reason": TEXT,
        "sourceUrl": TEXT,
    },
    "Address": {"full": TEXT, "city": TEXT, "country": CODES, "street": TEXT},
    "Ownership": {
        "owner": IDS,
        "asset": IDS,
        "percentage": NUMBERS,
        "startDate": DATES,
        "endDate": DATES,
        "role": TEXT,
    },
}
SCHEMATA = ("Company", "Person", "Organization", "Vessel", "Sanction", "Address", "Ownership")


@st.composite
def ftm_entity(draw: st.DrawFn) -> Any:
    schema = draw(st.sampled_from(SCHEMATA))
    props = _PROPS.get(schema, _PROPS["Company"])
    chosen = draw(st.lists(st.sampled_from(sorted(props)), unique=True, max_size=len(props)))
    properties = {
        name: draw(_or_anything(st.lists(props[name], min_size=1, max_size=3))) for name in chosen
    }
    entity: dict[str, Any] = {
        "id": draw(_or_anything(IDS)),
        "schema": draw(_or_anything(st.just(schema))),
        "properties": draw(st.one_of(st.just(properties), st.just(properties), ANY_JSON)),
        "datasets": draw(_or_anything(st.lists(DATASETS, max_size=3))),
        "target": draw(_or_anything(st.booleans())),
    }
    if draw(st.booleans()):
        entity["caption"] = draw(_or_anything(TEXT))
    for key in draw(st.lists(st.sampled_from(sorted(entity)), unique=True, max_size=2)):
        del entity[key]  # a line that lacks what every entity has
    return entity


@st.composite
def ftm_line(draw: st.DrawFn, delta: bool) -> str:
    kind = draw(st.integers(0, 19))
    if kind == 0:
        return draw(st.sampled_from(["{", "[]", "null", '"x"', '{"id": "e1"', "}{", "[[[[[[["]))
    entity = draw(ftm_entity())
    if delta:
        value: Any = {
            "op": draw(_or_anything(st.sampled_from(["ADD", "MOD", "DEL"]))),
            "entity": entity,
        }
    else:
        value = entity
    return json.dumps(value, ensure_ascii=draw(st.booleans()))


@st.composite
def ftm_file(draw: st.DrawFn) -> bytes:
    delta = draw(st.booleans())
    lines = draw(st.lists(ftm_line(delta), max_size=12))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    return draw(damaged(ending.join(lines).encode()))


# --- Federal Register --------------------------------------------------------------------------


@st.composite
def fr_item(draw: st.DrawFn) -> Any:
    fields: dict[str, st.SearchStrategy[Any]] = {
        "document_number": st.sampled_from(["2022-21658", "E9-1234", "", "x"]),
        "title": TEXT,
        "type": st.sampled_from(["Rule", "Notice", "Proposed Rule"]),
        "action": TEXT,
        "abstract": TEXT,
        "dates": TEXT,
        "full_text": TEXT,
        "raw_text": TEXT,
        "publication_date": DATES,
        "effective_on": DATES,
        "citation": st.sampled_from(["87 FR 62186", "", "FR"]),
        "volume": st.one_of(st.integers(-5, 100), NUMBERS),
        "start_page": st.integers(-5, 10**6),
        "end_page": st.integers(-5, 10**6),
        "agencies": st.lists(st.fixed_dictionaries({"name": TEXT}, optional={"raw_name": TEXT})),
        "agency_names": st.lists(TEXT, max_size=3),
        "regulation_id_numbers": st.lists(st.sampled_from(["0694-AI94", "x"]), max_size=2),
        "cfr_references": st.lists(
            st.fixed_dictionaries({"title": st.integers(1, 50), "part": st.integers(1, 999)}),
            max_size=2,
        ),
        "html_url": TEXT,
        "pdf_url": TEXT,
    }
    chosen = draw(st.lists(st.sampled_from(sorted(fields)), unique=True, max_size=len(fields)))
    item = {"document_number": draw(_or_anything(fields["document_number"]))}
    item.update({name: draw(_or_anything(fields[name])) for name in chosen})
    return item


@st.composite
def fr_json(draw: st.DrawFn) -> bytes:
    items = draw(st.lists(fr_item(), min_size=1, max_size=4))
    value: Any = items[0] if draw(st.booleans()) else {"count": len(items), "results": items}
    return draw(damaged(_dump(draw, value).encode()))
