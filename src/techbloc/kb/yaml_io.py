"""YAML reading for knowledge-base files.

PyYAML follows YAML 1.1, where ``NO`` (Norway), ``ON`` and ``yes`` are booleans. Country codes
must stay strings, so our loader resolves only ``true``/``false`` as booleans.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml


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


def read_yaml(path: Path) -> Any:
    """Parse one YAML file with :class:`KBLoader`; raises ``yaml.YAMLError`` on bad syntax."""
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=KBLoader)  # noqa: S506 - KBLoader derives from SafeLoader
