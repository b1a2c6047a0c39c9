"""Knowledge-base YAML files, bent and damaged one at a time: loading and validating report
problems (file, field, reason) and never raise; a knowledge base without errors builds a store,
one with errors is refused with a StoreError."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from techbloc.errors import StoreError
from techbloc.kb.loader import load_kb
from techbloc.kb.validate import validate_kb
from techbloc.store.build import build_store
from tests.fuzz.conftest import Stores, tally
from tests.fuzz.damage import damaged
from tests.fuzz.json_files import ANY_JSON
from tests.fuzz.settings import FUZZ
from tests.fuzz.values import CODES, DATES, HOSTILE
from tests.kbfactory import base_kb

TODAY = dt.date(2026, 11, 23)
FILES = sorted(base_kb())
SCALAR = st.one_of(
    ANY_JSON,
    DATES,
    CODES,
    HOSTILE,
    st.dates(),
    st.sampled_from(
        ["semiconductors", "US", "CN", "reg-src", "testreg", "export_control", "trade_export"]
    ),
)


@st.composite
def bent(draw: st.DrawFn, value: Any, depth: int = 0) -> Any:
    """``value`` with one change somewhere inside: a value replaced (any type, a date, an id that
    exists elsewhere), a key dropped or added, a list item repeated or dropped."""
    here = depth > 6 or not isinstance(value, dict | list) or draw(st.integers(0, 3)) == 0
    if here:
        if isinstance(value, dict) and value and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(value)))
            action = draw(st.sampled_from(["drop", "add", "retype"]))
            changed = dict(value)
            if action == "drop":
                del changed[key]
            elif action == "add":
                changed[draw(st.text(max_size=8))] = draw(SCALAR)
            else:
                changed[key] = draw(SCALAR)
            return changed
        if isinstance(value, list) and value and draw(st.booleans()):
            at = draw(st.integers(0, len(value) - 1))
            return value + [value[at]] if draw(st.booleans()) else value[:at] + value[at + 1 :]
        return draw(SCALAR)
    if isinstance(value, dict):
        if not value:
            return value
        key = draw(st.sampled_from(sorted(value)))
        return {**value, key: draw(bent(value[key], depth + 1))}
    if not value:
        return value
    at = draw(st.integers(0, len(value) - 1))
    return [*value[:at], draw(bent(value[at], depth + 1)), *value[at + 1 :]]


@st.composite
def kb_files(draw: st.DrawFn) -> dict[str, bytes]:
    files = {
        name: yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode()
        for name, doc in base_kb().items()
    }
    for _ in range(draw(st.integers(1, 2))):
        name = draw(st.sampled_from(FILES))
        if draw(st.booleans()):
            doc = draw(bent(base_kb()[name]))
            text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=None)
            files[name] = text.encode()
        else:
            files[name] = draw(damaged(files[name]))
    if draw(st.integers(0, 9)) == 0:
        files[draw(st.sampled_from(FILES))] = draw(
            st.sampled_from(
                [
                    b"a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n",
                    b"[" * 5000,
                    b"- " * 2000 + b"x",
                    b"!!python/object:os.system {}",
                    b"key: !!binary ????",
                    b"\t- tab",
                    b"? [a, b]\n: c\n",
                ]
            )
        )
    return files


@FUZZ
@given(files=kb_files())
def test_kb_files(stores: Stores, files: dict[str, bytes]) -> None:
    tally("kb-yaml")
    root = Path(tempfile.mkdtemp(dir=stores.root))
    try:
        for name, data in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        kb = load_kb(root)
        problems = validate_kb(kb, TODAY)
        for problem in problems:
            assert problem.file and problem.message.strip()
        errors = [p for p in problems if p.severity == "error"]
        store = root / "store.duckdb"
        try:
            build_store(store, kb, today=TODAY)
        except StoreError:
            assert errors, "a store error for a knowledge base without errors"
        else:
            assert not errors, "a knowledge base with errors was built"
    finally:
        shutil.rmtree(root, ignore_errors=True)
