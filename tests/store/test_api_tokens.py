"""API tokens: shown once, stored as a salted scrypt hash, found only by the whole token."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from techbloc.errors import InvalidArgument, NotFound
from techbloc.store import api_tokens


@pytest.fixture
def con(fresh_store: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(fresh_store))


def test_token_is_stored_only_as_a_hash(con: duckdb.DuckDBPyConnection) -> None:
    token = api_tokens.create_token(con, "dashboard")
    assert api_tokens.TOKEN_PATTERN.match(token)
    stored = con.execute("SELECT * FROM api_tokens").fetchall()
    assert token not in repr(stored) and token.split("_")[2] not in repr(stored)
    salt, digest = con.execute("SELECT salt, token_hash FROM api_tokens").fetchone()  # type: ignore[misc]
    assert digest == api_tokens.hash_token(token, salt) and len(salt) == 16
    found = api_tokens.find_token(con, token)
    assert found is not None and (found.name, found.revoked) == ("dashboard", False)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("a" if t[-1] != "a" else "b"),  # one character of the secret
        lambda t: t.replace("tb_", "tc_"),  # the prefix
        lambda t: t[:3] + "00000000" + t[11:],  # another token id
        lambda t: "",
    ],
)
def test_a_changed_token_is_not_found(con: duckdb.DuckDBPyConnection, mangle: object) -> None:
    token = api_tokens.create_token(con, "x")
    assert api_tokens.find_token(con, mangle(token)) is None  # type: ignore[operator]


def test_two_tokens_differ_and_names_are_unique(con: duckdb.DuckDBPyConnection) -> None:
    first, second = api_tokens.create_token(con, "a"), api_tokens.create_token(con, "b")
    assert first != second
    salts = {r[0] for r in con.execute("SELECT salt FROM api_tokens").fetchall()}
    assert len(salts) == 2
    with pytest.raises(InvalidArgument, match="exists already"):
        api_tokens.create_token(con, "a")


@pytest.mark.parametrize("name", ["", "has space", "-lead", "x" * 65, "名字"])
def test_token_names(con: duckdb.DuckDBPyConnection, name: str) -> None:
    with pytest.raises(InvalidArgument, match="invalid token name"):
        api_tokens.create_token(con, name)


def test_revoke_and_last_used(con: duckdb.DuckDBPyConnection) -> None:
    token = api_tokens.create_token(con, "ops", now=dt.datetime(2026, 1, 1))
    when = dt.datetime(2026, 2, 1, 9, 30)
    api_tokens.record_use(con, {"ops": when})
    api_tokens.record_use(con, {"ops": dt.datetime(2026, 1, 15)})  # never moves back
    first = api_tokens.revoke_token(con, "ops", now=dt.datetime(2026, 3, 1))
    second = api_tokens.revoke_token(con, "ops", now=dt.datetime(2026, 4, 1))
    assert first["revoked_at"] == second["revoked_at"] == dt.datetime(2026, 3, 1)
    (row,) = api_tokens.list_tokens(con)
    assert (row["last_used_at"], row["active"]) == (when, False)
    found = api_tokens.find_token(con, token)
    assert found is not None and found.revoked
    with pytest.raises(NotFound, match="no token named 'nobody'"):
        api_tokens.revoke_token(con, "nobody")
