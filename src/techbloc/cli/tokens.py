"""`techbloc token create | list | revoke`: bearer tokens of the REST API (docs/api.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

import duckdb
import typer

from techbloc.cli.options import DbOption, JsonOption
from techbloc.cli.output import emit_json, err, handles_errors, out, table
from techbloc.store import api_tokens
from techbloc.store.access import connect_writable
from techbloc.store.build import build_store
from techbloc.store.location import resolve_db_path
from techbloc.store.schema import missing_migrations

token_app = typer.Typer(
    help="Bearer tokens for the REST API: create (shown once), list, revoke.", no_args_is_help=True
)
NameArg = Annotated[str, typer.Argument(metavar="NAME", help="The token's name, e.g. dashboard.")]
T = TypeVar("T")


def _with_store(db: str | None, work: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """Run ``work`` on the store opened for writing (waiting a few seconds for a running server
    to let go of it), in one transaction."""
    path = resolve_db_path(db)
    if not path.exists():
        build_store(path)
    con = connect_writable(path)
    try:
        if missing_migrations(con):
            con.close()
            build_store(path)
            con = connect_writable(path)
        con.execute("BEGIN TRANSACTION")
        result = work(con)
        con.execute("COMMIT")
        return result
    finally:
        con.close()


@token_app.command("create")
@handles_errors
def token_create(name: NameArg, db: DbOption = None, json: JsonOption = False) -> None:
    """Create a token and print it once (it is stored only as a salted hash)."""
    token = _with_store(db, lambda con: api_tokens.create_token(con, name))
    if json:
        emit_json({"name": name, "token": token})
        return
    typer.echo(token)
    err.print(
        f"token {name!r} created; it is shown only now. Send it as 'Authorization: Bearer …'.",
        highlight=False,
    )


@token_app.command("list")
@handles_errors
def token_list(db: DbOption = None, json: JsonOption = False) -> None:
    """The tokens with their dates (never the tokens themselves)."""
    rows = _with_store(db, api_tokens.list_tokens)
    if json:
        emit_json(rows)
        return
    table(
        "API tokens",
        ["name", "id", "created", "last used", "revoked"],
        ([r["name"], r["token_id"], r["created_at"], r["last_used_at"] or "",
          r["revoked_at"] or ""] for r in rows),
    )  # fmt: skip
    out.print(f"{len(rows)} token(s)", highlight=False)


@token_app.command("revoke")
@handles_errors
def token_revoke(name: NameArg, db: DbOption = None, json: JsonOption = False) -> None:
    """Revoke a token: requests with it are refused from now on."""
    row = _with_store(db, lambda con: api_tokens.revoke_token(con, name))
    if json:
        emit_json(row)
        return
    out.print(f"token {name!r} revoked at {row['revoked_at']}", highlight=False)
