"""The ETO Advanced Semiconductor Supply Chain Dataset (CSET, Georgetown): a folder of CSV files.

``providers.csv`` names countries (by ISO alpha-3, plus 'Various countries' and 'EUR' for
Europe) and organisations (each with its country's ISO alpha-3); ``provision.csv`` gives each
provider's share of an input (``share_provided``, percent) in a year with its source text;
``inputs.csv`` and ``stages.csv`` name the inputs and the three stages; ``sequence.csv`` says
which input goes into or is a type of which; ``node_totals*.csv``, where present, gives an
input's world revenue (USD millions). An input's stages are found by walking the sequence up to
the inputs that name a stage. A blank ``share_provided`` is the dataset's own "named, share not
broken out" and is kept as an unknown share, not rejected.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from techbloc.errors import InvalidArgument
from techbloc.ingest.rows import Progress, csv_rows
from techbloc.ingest.supply_countries import Country, StoreCountries
from techbloc.ingest.supply_domains import input_domain
from techbloc.ingest.supply_records import (
    Relation,
    SupplyEdge,
    SupplyFile,
    SupplyInput,
    SupplyItem,
    SupplyRejection,
    SupplyShare,
)
from techbloc.ingest.supply_values import parse_number, parse_share_pct, parse_year

FILES = ("providers.csv", "provision.csv", "inputs.csv", "sequence.csv", "stages.csv")
REQUIRED = ("providers.csv", "provision.csv", "inputs.csv")


def eto_files(folder: Path) -> list[Path]:
    """The files of the folder that are read, in reading order (node totals last)."""
    missing = [name for name in REQUIRED if not (folder / name).is_file()]
    if missing:
        raise InvalidArgument(
            f"{folder} is not an ETO supply-chain folder: it lacks {', '.join(missing)}",
            hint="give the folder holding inputs.csv, providers.csv and provision.csv",
        )
    found = [folder / name for name in FILES if (folder / name).is_file()]
    return found + sorted(folder.glob("node_totals*.csv"))


@dataclass
class _Provider:
    kind: str
    name: str
    country: Country


@dataclass
class _Reading:
    """State shared by the steps: bytes read before the current file, items, known ids."""

    on_progress: Progress | None
    done: int = 0
    items: list[SupplyItem] = field(default_factory=list)
    rows_read: int = 0

    def rows(self, path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
        start = self.done

        def report(n: int) -> None:
            self.done = start + n
            if self.on_progress:
                self.on_progress(self.done)

        for item in csv_rows(path, report, required):
            if not isinstance(item, tuple):
                self.items.append(
                    SupplyRejection(path.name, item.row, item.reason, item.field, item.raw)
                )
                continue
            self.rows_read += 1
            yield item

    def reject(self, file: str, row: int, reason: str, field: str, raw: dict[str, str]) -> None:
        self.items.append(SupplyRejection(file, row, reason, field, dict(raw)))


def read_eto(
    folder: Path, countries: StoreCountries, on_progress: Progress | None = None
) -> SupplyFile:
    """Every input, stage, edge and share of the folder; bad rows as rejections."""
    files = {p.name: p for p in eto_files(folder)}
    reading = _Reading(on_progress)
    providers = _providers(reading, files["providers.csv"], countries)
    edges = _edges(reading, files.get("sequence.csv"))
    sizes = _market_sizes(reading, [p for n, p in files.items() if n.startswith("node_totals")])
    known = _inputs(reading, files["inputs.csv"], files.get("stages.csv"), edges, sizes)
    for edge in edges:
        missing = [i for i in (edge.input_id, edge.related_id) if i not in known]
        if missing:
            reading.reject(edge.source_file, edge.row, f"unknown input {missing[0]}", "input_id",
                           {"input_id": edge.input_id, "related_id": edge.related_id})  # fmt: skip
        else:
            reading.items.append(edge)
    _shares(reading, files["provision.csv"], providers, known)
    return SupplyFile(
        reading.items, "percent", "ETO gives shares in percent (share_provided)", reading.rows_read
    )


def _providers(
    reading: _Reading, path: Path, countries: StoreCountries
) -> dict[str, _Provider | int]:
    """Provider id → provider, or → the row that rejected it."""
    found: dict[str, _Provider | int] = {}
    for row, cells in reading.rows(path, ("provider_id", "provider_name", "provider_type")):
        pid, kind, name = cells["provider_id"], cells["provider_type"], cells["provider_name"]
        if not pid or not name:
            reading.reject(path.name, row, "provider id or name missing", "provider_id", cells)
            continue
        if kind not in ("country", "organization"):
            reading.reject(path.name, row, f"unknown provider_type '{kind}'", "provider_type",
                           cells)  # fmt: skip
            found[pid] = row
            continue
        written = name if kind == "country" else cells.get("country", "")
        country = countries.resolve(written)
        if isinstance(country, str) and kind == "country" and cells.get("alias"):
            by_alias = countries.resolve(cells["alias"])
            country = by_alias if isinstance(by_alias, Country) else country
        if isinstance(country, str):
            reading.reject(path.name, row, country, "country", cells)
            found[pid] = row
            continue
        shown = country.label if kind == "country" else name
        found[pid] = _Provider(kind, shown, country)
    return found


def _edges(reading: _Reading, path: Path | None) -> list[SupplyEdge]:
    edges: list[SupplyEdge] = []
    if path is None:
        return edges
    for row, cells in reading.rows(path, ("input_id",)):
        pairs: list[tuple[str, Relation]] = [
            (cells.get("goes_into_id", ""), "goes_into"),
            (cells.get("is_type_of_id", ""), "is_type_of"),
        ]
        pairs = [(target, rel) for target, rel in pairs if target]
        if not cells["input_id"] or not pairs:
            reading.reject(path.name, row, "an edge needs input_id and goes_into_id or "
                           "is_type_of_id", "input_id", cells)  # fmt: skip
            continue
        edges += [SupplyEdge(cells["input_id"], t, rel, path.name, row) for t, rel in pairs]
    return edges


@dataclass(frozen=True)
class _Size:
    revenue_usd_m: float
    year: int
    file: str
    row: int


def _market_sizes(reading: _Reading, paths: list[Path]) -> dict[str, _Size]:
    """Input id → its world revenue (USD millions) of the latest year the files give."""
    sizes: dict[str, _Size] = {}
    for path in paths:
        for row, cells in reading.rows(path, ("provided_id", "year", "total_revenue")):
            revenue, year = parse_number(cells["total_revenue"]), parse_year(cells["year"])
            if isinstance(revenue, str) or revenue < 0:
                reading.reject(path.name, row, str(revenue) if isinstance(revenue, str) else
                               "negative revenue", "total_revenue", cells)  # fmt: skip
            elif isinstance(year, str):
                reading.reject(path.name, row, year, "year", cells)
            elif cells["provided_id"] not in sizes or sizes[cells["provided_id"]].year < year:
                sizes[cells["provided_id"]] = _Size(revenue, year, path.name, row)
    return sizes


def _stages_of(
    input_id: str, own: dict[str, tuple[str, str]], up: dict[str, set[str]], seen: frozenset[str]
) -> set[tuple[str, str]]:
    """The (stage id, name) pairs an input serves: its own, else those of what it goes into or
    is a type of."""
    if input_id in own:
        return {own[input_id]}
    found: set[tuple[str, str]] = set()
    for parent in sorted(up.get(input_id, set()) - seen):
        found |= _stages_of(parent, own, up, seen | {input_id})
    return found


def _inputs(
    reading: _Reading,
    inputs_path: Path,
    stages_path: Path | None,
    edges: list[SupplyEdge],
    sizes: dict[str, _Size],
) -> set[str]:
    """Emit the stages and inputs; returns the ids known."""
    raw: list[tuple[str, int, dict[str, str]]] = []
    if stages_path is not None:
        for row, cells in reading.rows(stages_path, ("stage_id", "stage_name")):
            raw.append((stages_path.name, row, {**cells, "input_id": cells["stage_id"],
                                                 "input_name": cells["stage_name"],
                                                 "type": "stage"}))  # fmt: skip
    for row, cells in reading.rows(inputs_path, ("input_id", "input_name")):
        raw.append((inputs_path.name, row, cells))
    own = {c["input_id"]: (c["stage_id"], c.get("stage_name", "")) for _, _, c in raw
           if c.get("stage_id")}  # fmt: skip
    up: dict[str, set[str]] = {}
    for edge in edges:
        up.setdefault(edge.input_id, set()).add(edge.related_id)
    known: set[str] = set()
    for file, row, cells in raw:
        input_id, name = cells["input_id"], cells["input_name"]
        if not input_id or not name:
            reading.reject(file, row, "input id or name missing", "input_id", cells)
            continue
        if input_id in known:
            reading.reject(file, row, f"input {input_id} is listed twice", "input_id", cells)
            continue
        known.add(input_id)
        stages = sorted(_stages_of(input_id, own, up, frozenset()))
        stage_ids = tuple(s for s, _ in stages)
        size = sizes.get(input_id)
        reading.items.append(SupplyInput(
            input_id, name, file, row, input_type=cells.get("type") or None,
            stage_ids=stage_ids, stage_names=tuple(n for _, n in stages),
            domain_id=input_domain(cells.get("type") or None, stage_ids),
            description=cells.get("description") or None,
            market_size_text=cells.get("market_share_chart_global_market_size_info") or None,
            market_size_usd_m=size.revenue_usd_m if size else None,
            market_size_year=size.year if size else None,
            source=cells.get("market_share_chart_source") or None,
        ))  # fmt: skip
    for input_id in sorted(set(sizes) - known):
        size = sizes[input_id]
        reading.reject(size.file, size.row, f"unknown input {input_id!r}", "provided_id",
                       {"provided_id": input_id})  # fmt: skip
    return known


@dataclass(frozen=True)
class _Problem:
    reason: str
    field: str


def _read_share(
    cells: dict[str, str], providers: dict[str, _Provider | int], known: set[str]
) -> tuple[_Provider, int, float | None] | _Problem:
    provider = providers.get(cells["provider_id"])
    if provider is None:
        return _Problem(f"unknown provider {cells['provider_id']!r}", "provider_id")
    if isinstance(provider, int):
        return _Problem(f"provider rejected at providers.csv row {provider}", "provider_id")
    if cells["provided_id"] not in known:
        return _Problem(f"unknown input {cells['provided_id']!r}", "provided_id")
    share = parse_share_pct(cells["share_provided"]) if cells["share_provided"] else None
    if isinstance(share, str):
        return _Problem(share, "share_provided")
    year = parse_year(cells["year"])
    if isinstance(year, str):
        return _Problem(year, "year")
    return provider, year, share


def _shares(
    reading: _Reading, path: Path, providers: dict[str, _Provider | int], known: set[str]
) -> None:
    required = ("provider_id", "provided_id", "share_provided", "year")
    first_row: dict[str, int] = {}
    for row, cells in reading.rows(path, required):
        read = _read_share(cells, providers, known)
        if isinstance(read, _Problem):
            reading.reject(path.name, row, read.reason, read.field, cells)
            continue
        provider, year, share = read
        item = SupplyShare(
            cells["provided_id"], year, provider.name, share, path.name, row,
            actor_code=provider.country.code,
            organisation=provider.name if provider.kind == "organization" else None,
            provider_id=cells["provider_id"], source=cells.get("source") or None,
        )  # fmt: skip
        if item.share_key in first_row:
            reading.reject(path.name, row, f"repeats row {first_row[item.share_key]} (same input, "
                           "year and provider)", "provider_id", cells)  # fmt: skip
            continue
        first_row[item.share_key] = row
        reading.items.append(item)
