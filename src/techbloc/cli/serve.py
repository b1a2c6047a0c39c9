"""`techbloc serve`: the REST API and the dashboard over the store, with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from techbloc.cli.options import DbOption
from techbloc.cli.output import err, handles_errors


@handles_errors
def serve(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8000,
    private: Annotated[
        bool | None,
        typer.Option(
            "--private/--public-reads",
            help="Reads need a token too (default: only when listening beyond loopback).",
        ),
    ] = None,
    max_upload_mb: Annotated[
        int | None, typer.Option("--max-upload-mb", min=1, help="Largest upload (default 20).")
    ] = None,
    cors_origin: Annotated[
        list[str] | None,
        typer.Option("--cors-origin", help="Allow browser calls from this origin (repeatable)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Serve the REST API at /api/v1 (docs at /api/docs) and the dashboard at /."""
    import dataclasses

    import uvicorn

    from techbloc.api.app import create_app
    from techbloc.api.settings import MB, ApiSettings

    settings = ApiSettings.from_env(host)
    changes: dict[str, object] = {}
    if private is not None:
        changes["private_reads"] = private
    if max_upload_mb is not None:
        changes["max_upload_bytes"] = max_upload_mb * MB
    if cors_origin:
        changes["cors_origins"] = tuple(cors_origin)
    settings = dataclasses.replace(settings, **changes)  # type: ignore[arg-type]
    app = create_app(db, settings)
    for notice in app.state.techbloc.access.notices:
        err.print(f"[dim]note: {notice}[/]", highlight=False)
    reads = "need a token" if settings.private_reads else "are open"
    err.print(
        f"techbloc serving {app.state.techbloc.access.path} on http://{host}:{port}/ "
        f"(API docs: /api/docs; reads {reads}; writes need a token)",
        highlight=False,
    )
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
