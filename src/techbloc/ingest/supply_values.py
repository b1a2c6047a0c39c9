"""Reading the cells of supply files: numbers (shares, revenues) and data years."""

from __future__ import annotations

import math
import re

MIN_YEAR, MAX_YEAR = 1900, 2100

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_number(text: str) -> float | str:
    """A decimal number ('45.2', '0.452', '45.2%', '45,2' with a decimal comma), or the reason
    the cell is not one. A trailing '%' is dropped here; the caller knows what it means."""
    cleaned = text.strip().removesuffix("%").strip().replace(" ", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not _NUMBER.match(cleaned):
        return f"not a number: '{text}'"
    value = float(cleaned)
    if not math.isfinite(value):
        return f"not a finite number: '{text}'"
    return value


def parse_share_pct(text: str) -> float | str:
    """A share in percent (0–100) or the reason the cell is not one."""
    value = parse_number(text)
    if isinstance(value, str):
        return value
    if value < 0:
        return f"negative share: {text}"
    if value > 100:
        return f"share above 100 %: {text}"
    return value


def parse_year(text: str) -> int | str:
    """A data year (1900–2100) or the reason the cell is not one."""
    cleaned = text.strip()
    if not cleaned:
        return "year missing"
    if not re.fullmatch(r"\d{4}", cleaned.removesuffix(".0")):
        return f"not a year: '{text}'"
    year = int(cleaned.removesuffix(".0"))
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"year out of range {MIN_YEAR}–{MAX_YEAR}: {text}"
    return year
