"""Bearer tokens of the REST API: created once (the token is shown then and never again), stored as
a salted scrypt hash, checked in constant time, revoked by name (table ``api_tokens``, migration
0013).

A token reads ``tb_<token_id>_<secret>``: ``token_id`` (public, 8 hex digits) finds the row, the
whole token is hashed with the row's salt and compared with ``hmac.compare_digest``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

import duckdb

from techbloc.errors import InvalidArgument, NotFound
from techbloc.query.rows import Row, fetch

SCRYPT_N = 2**14
"""scrypt cost (16 MiB of memory, some 40 ms here): tokens are random, so the cost only guards
a stolen table against cheap guessing; the API keeps each checked token in memory after that."""
SCRYPT_R = 8
SCRYPT_P = 1
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
TOKEN_PATTERN = re.compile(r"^tb_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$")


@dataclass(frozen=True)
class TokenCheck:
    """A token that matched a row: its name, and whether it has been revoked."""

    name: str
    token_id: str
    token_hash: bytes
    revoked: bool


def hash_token(token: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R,
               p: int = SCRYPT_P) -> bytes:  # fmt: skip
    return hashlib.scrypt(token.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024)


def check_name(name: str) -> str:
    if not NAME_PATTERN.match(name or ""):
        raise InvalidArgument(
            f"invalid token name {name!r}",
            hint="use 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit",
        )
    return name


def create_token(con: duckdb.DuckDBPyConnection, name: str, now: dt.datetime | None = None) -> str:
    """A new token for ``name`` (unique among tokens, revoked ones included); returns the token,
    which is not stored and cannot be shown again."""
    check_name(name)
    if fetch(con, "SELECT 1 FROM api_tokens WHERE name = ?", [name]):
        raise InvalidArgument(
            f"a token named {name!r} exists already",
            hint="choose another name, or revoke it and create one under a new name",
        )
    token_id = secrets.token_hex(4)
    while fetch(con, "SELECT 1 FROM api_tokens WHERE token_id = ?", [token_id]):
        token_id = secrets.token_hex(4)
    token = f"tb_{token_id}_{secrets.token_urlsafe(32)}"
    salt = secrets.token_bytes(16)
    con.execute(
        "INSERT INTO api_tokens (name, token_id, salt, token_hash, scrypt_n, scrypt_r, scrypt_p,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [name, token_id, salt, hash_token(token, salt), SCRYPT_N, SCRYPT_R, SCRYPT_P,
         now or _now()],
    )  # fmt: skip
    return token


def list_tokens(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """Every token's name, public id and dates (never a hash)."""
    return fetch(
        con,
        "SELECT name, token_id, created_at, last_used_at, revoked_at, revoked_at IS NULL AS active"
        " FROM api_tokens ORDER BY created_at, name",
    )


def revoke_token(con: duckdb.DuckDBPyConnection, name: str, now: dt.datetime | None = None) -> Row:
    """Revoke the token called ``name``; revoking a revoked token changes nothing."""
    found = fetch(con, "SELECT name, revoked_at FROM api_tokens WHERE name = ?", [name])
    if not found:
        names = [r["name"] for r in fetch(con, "SELECT name FROM api_tokens ORDER BY name")]
        raise NotFound(
            f"no token named {name!r}",
            hint=f"tokens: {', '.join(names)}" if names else "there are no tokens yet",
        )
    if found[0]["revoked_at"] is None:
        con.execute("UPDATE api_tokens SET revoked_at = ? WHERE name = ?", [now or _now(), name])
    return fetch(con, "SELECT name, token_id, revoked_at FROM api_tokens WHERE name = ?", [name])[0]


def find_token(con: duckdb.DuckDBPyConnection, token: str) -> TokenCheck | None:
    """The token's row when the token is well formed and its hash matches, else None. Revoked
    tokens are found (and say so), so that the caller can tell 'revoked' from 'unknown'."""
    match = TOKEN_PATTERN.match(token or "")
    if not match:
        return None
    rows = fetch(
        con,
        "SELECT name, salt, token_hash, scrypt_n, scrypt_r, scrypt_p, revoked_at FROM api_tokens "
        "WHERE token_id = ?",
        [match[1]],
    )
    if not rows:
        return None
    row = rows[0]
    given = hash_token(token, bytes(row["salt"]), row["scrypt_n"], row["scrypt_r"], row["scrypt_p"])
    if not hmac.compare_digest(given, bytes(row["token_hash"])):
        return None
    return TokenCheck(
        row["name"], match[1], bytes(row["token_hash"]), row["revoked_at"] is not None
    )


def token_state(con: duckdb.DuckDBPyConnection, token_id: str) -> tuple[bytes, bool] | None:
    """The stored hash of a token id and whether it is revoked (a cheap check for a token the
    caller has already verified once)."""
    rows = con.execute(
        "SELECT token_hash, revoked_at IS NOT NULL FROM api_tokens WHERE token_id = ?", [token_id]
    ).fetchall()
    return (bytes(rows[0][0]), bool(rows[0][1])) if rows else None


def record_use(con: duckdb.DuckDBPyConnection, last_used: dict[str, dt.datetime]) -> None:
    """Set ``last_used_at`` of the named tokens (never moving it back)."""
    for name, when in last_used.items():
        con.execute(
            "UPDATE api_tokens SET last_used_at = greatest(coalesce(last_used_at, ?), ?) "
            "WHERE name = ?",
            [when, when, name],
        )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
