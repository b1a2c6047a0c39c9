"""docs/api.md lists exactly the endpoints the server has, and every setting."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import httpx

from techbloc.api import settings as settings_module
from techbloc.api.endpoint_list import BEGIN, END, endpoint_table
from techbloc.api.settings import ApiSettings

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def test_endpoint_table_is_current(client: httpx.Client) -> None:
    text = DOC.read_text(encoding="utf-8")
    documented = text[text.index(BEGIN) : text.index(END) + len(END)]
    expected = endpoint_table(client.get("/api/v1/openapi.json").json())
    assert documented == expected, "run: python -m techbloc.api.endpoint_list > table; paste it"


def test_every_setting_and_variable_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    fields = [f.name for f in dataclasses.fields(ApiSettings)]
    source = Path(settings_module.__file__).read_text(encoding="utf-8")
    variables = sorted(set(re.findall(r'"(TECHBLOC_API_[A-Z_]+)"', source)))
    assert variables
    missing = [name for name in fields + variables if f"`{name}`" not in text]
    assert missing == []
