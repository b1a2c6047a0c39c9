"""CSV files as analysts get them: the expected columns, some missing, renamed, repeated or new,
rows with plausible and hostile cells, too few or too many of them, quoted or not."""

from __future__ import annotations

import csv
import io

from hypothesis import strategies as st

from tests.fuzz.damage import damaged
from tests.fuzz.values import CELL, CODES, DATES, NAMES, NUMBERS

CSL_COLUMNS = (
    "_id",
    "source",
    "entity_number",
    "type",
    "programs",
    "name",
    "title",
    "addresses",
    "federal_register_notice",
    "start_date",
    "end_date",
    "license_requirement",
    "license_policy",
    "remarks",
    "source_list_url",
    "alt_names",
    "citizenships",
    "nationalities",
    "ids",
    "source_information_url",
)
CSL_SOURCES = (
    "Entity List (EL) - Bureau of Industry and Security",
    "Military End User (MEU) List - Bureau of Industry and Security",
    "Specially Designated Nationals (SDN) - Treasury Department",
    "Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury",
    "Unknown List (ZZ) - Nobody",
    "()",
    "EL",
)
CN_COLUMNS = (
    "Type",
    "QID",
    "Name",
    "Alias",
    "Chinese name",
    "Country",
    "Topics",
    "Summary",
    "Chinese summary",
    "Body",
    "List",
    "Date",
    "End date",
    "Source URL",
    "Address",
)
DOD_COLUMNS = (
    "Name",
    "Clean Name",
    "Alias",
    "Previous Name",
    "Parent Name",
    "Note",
    "Start date",
    "End date",
    "Source Url",
)
SUPPLY_COLUMNS = (
    "input",
    "country",
    "share",
    "year",
    "source",
    "input_name",
    "unit",
    "organisation",
    "share_pct",
    "iso3",
    "market_share",
    "年份",
    "份额",
)
SCREEN_COLUMNS = ("name", "country", "id", "名称")
ETO_FILES = {
    "providers.csv": ("provider_id", "provider_name", "provider_type", "country", "alias"),
    "provision.csv": ("provider_id", "provided_id", "share_provided", "year", "source"),
    "inputs.csv": (
        "input_id",
        "input_name",
        "type",
        "stage_id",
        "stage_name",
        "description",
        "market_share_chart_global_market_size_info",
        "market_share_chart_source",
    ),
    "sequence.csv": ("input_id", "goes_into_id", "is_type_of_id"),
    "stages.csv": ("stage_id", "stage_name"),
    "node_totals.csv": ("provided_id", "year", "total_revenue"),
}


def _cell_for(column: str) -> st.SearchStrategy[str]:
    """A cell that fits the column most of the time."""
    lowered = column.lower()
    fitting: st.SearchStrategy[str]
    if lowered in ("source", "list"):
        fitting = st.sampled_from(CSL_SOURCES + ("UEL", "AFSL", "ECL", "CM"))
    elif "date" in lowered or lowered in ("year", "年份"):
        fitting = DATES if "date" in lowered else st.sampled_from(["2024", "2023.0", "1899", "x"])
    elif lowered in ("country", "countries", "citizenships", "nationalities", "iso3"):
        fitting = CODES
    elif "share" in lowered or lowered in ("份额", "pct"):
        fitting = NUMBERS
    elif lowered == "unit":
        fitting = st.sampled_from(["percent", "%", "fraction", "", "bananas"])
    elif lowered == "type":
        fitting = st.sampled_from(["Entity", "Individual", "Company", "Person", "Vessel", ""])
    elif lowered in ("input", "input_id"):
        fitting = st.sampled_from(
            ["N20", "N21", "EUV lithography tools", "光刻胶", "", "---", "I1"]
        )
    elif lowered.endswith("_id"):  # ETO ids point at each other: a small pool makes them meet
        fitting = st.sampled_from(["I1", "I2", "I3", "S1", "S2", "P1", "P2", "P3", ""])
    elif lowered == "provider_type":
        fitting = st.sampled_from(["country", "organization", "country", "person", ""])
    elif lowered in ("provider_name", "alias"):
        fitting = st.one_of(CODES, NAMES)
    elif lowered == "total_revenue":
        fitting = NUMBERS
    else:
        fitting = NAMES
    return st.one_of(fitting, fitting, CELL)


@st.composite
def header(draw: st.DrawFn, columns: tuple[str, ...]) -> list[str]:
    """The expected columns in any order, some dropped, renamed or repeated, new ones added."""
    kept = draw(st.lists(st.sampled_from(columns), unique=True, min_size=0, max_size=len(columns)))
    if draw(st.booleans()):  # usually every required column is there
        kept = list(dict.fromkeys([*columns[:3], *kept]))
    renamed = [
        draw(st.sampled_from([c, c.upper(), f" {c} ", c.replace("_", " "), c + "_2"]))
        if draw(st.integers(0, 9)) == 0
        else c
        for c in kept
    ]
    extra = draw(st.lists(st.one_of(st.sampled_from(columns), st.text(max_size=8)), max_size=3))
    for column in extra:
        renamed.insert(draw(st.integers(0, len(renamed))), column)
    return renamed


@st.composite
def csv_text(draw: st.DrawFn, columns: tuple[str, ...], max_rows: int = 12) -> bytes:
    head = draw(header(columns))
    rows = []
    for _ in range(draw(st.integers(0, max_rows))):
        width = len(head) + draw(st.sampled_from([0, 0, 0, 0, -1, 1, -len(head)]))
        rows.append(
            [draw(_cell_for(head[i] if i < len(head) else "")) for i in range(max(width, 0))]
        )
    out = io.StringIO()
    style = draw(st.sampled_from(["minimal", "all", "naive"]))
    if style == "naive":  # joined by hand, as a careless export does: quotes and commas unescaped
        for row in [head, *rows]:
            out.write(",".join(row) + draw(st.sampled_from(["\n", "\r\n", "\r"])))
    else:
        quoting = csv.QUOTE_ALL if style == "all" else csv.QUOTE_MINIMAL
        writer = csv.writer(
            out, quoting=quoting, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))
        )
        writer.writerows([head, *rows])
    return out.getvalue().encode("utf-8", "surrogatepass")


def csv_file(columns: tuple[str, ...], max_rows: int = 12) -> st.SearchStrategy[bytes]:
    """A CSV of those columns, then damaged (or not)."""
    return csv_text(columns, max_rows).flatmap(damaged)


@st.composite
def eto_folder(draw: st.DrawFn) -> dict[str, bytes]:
    """The ETO folder's files; the three required ones most of the time."""
    names = [
        n
        for n in ETO_FILES
        if n in ("providers.csv", "provision.csv", "inputs.csv")
        and draw(st.integers(0, 19)) > 0
        or draw(st.booleans())
    ]
    return {name: draw(csv_file(ETO_FILES[name], max_rows=8)) for name in names}
