"""YAML reading for knowledge-base files.

PyYAML follows YAML 1.1, where ``NO`` (Norway), ``ON`` and ``yes`` are booleans. Country codes
must stay strings, so our loader resolves only ``true``/``false`` as booleans.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from techbloc.ingest.json_items import not_text


class KBLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2-style booleans (only true/false)."""


KBLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
KBLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


class UnreadableYaml(yaml.YAMLError):
    """A file that is not YAML text at all: not UTF-8, or nested deeper than the parser goes."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def read_yaml(path: Path) -> Any:
    """Parse one YAML file with :class:`KBLoader`; raises ``yaml.YAMLError`` on bad syntax, on
    bytes that are not UTF-8, on nesting too deep to parse, on escapes that are no character and on
    dates that are not in the calendar."""
    try:
        with path.open(encoding="utf-8") as handle:
            doc = yaml.load(handle, Loader=KBLoader)  # noqa: S506 - KBLoader is a SafeLoader
    except UnicodeDecodeError as exc:
        raise UnreadableYaml(
            f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at byte {exc.start})"
        ) from None
    except RecursionError:
        raise UnreadableYaml("nested too deeply to read") from None
    except (
        ValueError
    ) as exc:  # PyYAML builds dates itself: 2023-13-01 fits its pattern, not a calendar
        raise UnreadableYaml(
            f"a value YAML reads as a date is not one ({exc}); quote it to keep it as text"
        ) from None
    problem = not_text(doc)
    if problem:
        raise UnreadableYaml(problem)
    return doc
