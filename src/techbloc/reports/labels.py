"""Every word a report prints, in English and Chinese (``labels.yaml``), and number formats."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

LANGS = ("en", "zh")
LABELS_FILE = Path(__file__).with_name("labels.yaml")
DASH = "–"


@functools.cache
def load_labels() -> dict[str, dict[str, str]]:
    """key → {en: …, zh: …}; nested YAML keys are joined with dots."""
    raw = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))
    flat: dict[str, dict[str, str]] = {}

    def walk(prefix: str, node: dict[str, Any]) -> None:
        if set(node) <= set(LANGS) and node:
            flat[prefix] = {k: str(v) for k, v in node.items()}
            return
        for key, child in node.items():
            walk(f"{prefix}.{key}" if prefix else str(key), child)

    walk("", raw)
    return flat


class Words:
    """The labels of one language, with number formats to match."""

    def __init__(self, lang: str) -> None:
        if lang not in LANGS:
            from techbloc.errors import InvalidArgument

            raise InvalidArgument(f"unknown language {lang!r}", hint="choose zh or en")
        self.lang = lang
        self._labels = load_labels()

    def __call__(self, key: str, **values: Any) -> str:
        text = self._labels[key][self.lang]
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in self._labels

    # -- numbers ---------------------------------------------------------------------------

    def pct(self, fraction: float | None, digits: int = 1) -> str:
        """0.736 → '73.6 %' (en) or '73.6%' (zh); None → '–'."""
        if fraction is None:
            return DASH
        return self.pct_value(100 * fraction, digits)

    def pct_value(self, percent: float | None, digits: int = 1) -> str:
        if percent is None:
            return DASH
        space = "" if self.lang == "zh" else "\u00a0"  # no break between a figure and its %
        return f"{percent:.{digits}f}{space}%"

    @staticmethod
    def num(value: float | None, digits: int = 2) -> str:
        if value is None:
            return DASH
        return f"{value:,.{digits}f}"

    @staticmethod
    def signed(value: float | None, digits: int = 2) -> str:
        if value is None:
            return DASH
        return f"{value:+,.{digits}f}".replace("-", "−")

    def count(self, value: int) -> str:
        """1000 → '1,000' (en) or '1000' (zh)."""
        return str(value) if self.lang == "zh" else f"{value:,}"

    def alternatives(self, items: Iterable[str]) -> str:
        """'a or b' / 'a或b'."""
        parts = list(items)
        if len(parts) < 2:
            return "".join(parts)
        last = "或" if self.lang == "zh" else " or "
        return self.join(parts[:-1]) + last + parts[-1]

    def paren(self, text: str) -> str:
        """' (text)' in English, '（text）' in Chinese."""
        return f"（{text}）" if self.lang == "zh" else f" ({text})"

    def join(self, items: Iterable[str]) -> str:
        return ("、" if self.lang == "zh" else ", ").join(items)

    def sentence_join(self, items: Iterable[str]) -> str:
        """'a, b and c' / 'a、b和c'."""
        parts = list(items)
        if len(parts) < 2:
            return "".join(parts)
        last = "和" if self.lang == "zh" else " and "
        return self.join(parts[:-1]) + last + parts[-1]
