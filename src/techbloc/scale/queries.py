"""Query rows as the single-machine batch reads them, for engines that read the input themselves.

``techbloc.matching.batch.read_queries`` defines what a query is: the name stripped (rows without
one are skipped), the country stripped and upper-cased (empty means none), and the row number of
the CSV line where the row stands. Spark reads CSV files line by line on its executors, so the
same rules are restated here and a test holds the two readers to the same queries.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

from techbloc.errors import InvalidArgument
from techbloc.matching.screen import Query

BOM = "\ufeff"


def clean_query(name: str | None, country: str | None, row: int) -> Query | None:
    """The query of one input row, or None when the row has no name."""
    text = (name or "").strip()
    if not text:
        return None
    code = (country or "").strip().upper()
    return Query(text, code or None, row)


@dataclass(frozen=True)
class CsvLayout:
    """Where the wanted columns stand in a CSV file's header (the last of equal names wins)."""

    source: str
    name_at: int
    country_at: int | None

    @classmethod
    def from_header(cls, source: str, header: str, column: str, country: str | None) -> CsvLayout:
        fields = next(csv.reader([header.removeprefix(BOM)]), [])
        positions = {field: at for at, field in enumerate(fields)}
        for wanted in (column, country):
            if wanted and wanted not in positions:
                raise InvalidArgument(
                    f"{source} has no column '{wanted}'",
                    hint=f"its columns are: {', '.join(fields) or '(none)'}",
                )
        return cls(source, positions[column], positions[country] if country else None)

    def query(self, line: str, line_number: int) -> Query | None:
        """The query on one physical line of the file (line 1 is the header)."""
        fields = _parse_line(line, self.source, line_number)
        if not fields:
            return None  # a blank line, which csv.DictReader skips as well
        name = fields[self.name_at] if self.name_at < len(fields) else None
        country = None
        if self.country_at is not None and self.country_at < len(fields):
            country = fields[self.country_at]
        return clean_query(name, country, line_number)


def _parse_line(line: str, source: str, line_number: int) -> list[str]:
    """The fields of one line, as csv.reader reads them; a quoted field left open is an error."""
    try:
        return next(csv.reader([line], strict=True), [])
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise InvalidArgument(
                f"{source}, line {line_number}: a quoted field runs onto the next line, which "
                "the Spark engine cannot read line by line (convert the file to Parquet, or "
                "screen it with --engine duckdb)",
            ) from exc
    return next(csv.reader([line]), [])
