"""`techbloc docs search | list | show | index`: find and read the policy documents in the store."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

import typer
from rich.markup import escape

from techbloc.cli.options import DbOption, JsonOption
from techbloc.cli.output import answer, emit_json, handles_errors, out, table
from techbloc.store.location import resolve_db_path

DomainOption = Annotated[
    str | None,
    typer.Option("--domain", help="Technology domain id or name; its child domains count too."),
]
AllianceOption = Annotated[
    str | None, typer.Option("--alliance", help="Alliance id, name or alias (瓦森纳, WA).")
]
SinceOption = Annotated[
    str | None,
    typer.Option("--since", help="Documents dated on or after (published, else imported)."),
]
LanguageOption = Annotated[str | None, typer.Option("--language", help="zh | en | mixed | und")]


def _dated(row: dict[str, Any]) -> str:
    return f"{row['date']}" + (" (imported)" if row["date_basis"] == "imported" else "")


@handles_errors
def docs_search(
    query: Annotated[str, typer.Argument(help="Words in Chinese, English or both (出口管制).")],
    domain: DomainOption = None,
    alliance: AllianceOption = None,
    since: SinceOption = None,
    language: LanguageOption = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many.")] = 20,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Documents matching QUERY, best first, each with its best passage and the words marked."""
    answer(
        db, json,
        lambda tb: tb.search_documents(
            query, domain=domain, alliance=alliance, since=since, language=language, limit=limit
        ),
        lambda rows: render_search(rows, query),
    )  # fmt: skip


def render_search(rows: list[dict[str, Any]], query: str) -> None:
    table(
        f"Documents matching '{query}'",
        ["score", "passages", "document", "date", "lang", "title", "page", "best passage"],
        (
            [
                f"{r['score']:.2f}", r["matched_passages"], r["doc_id"], _dated(r),
                r["language"], r["title"] or "", r["page"] or f"¶{r['block_index']}",
                r["snippet"],
            ]
            for r in rows
        ),
    )  # fmt: skip


@handles_errors
def docs_list(
    domain: DomainOption = None,
    alliance: AllianceOption = None,
    since: SinceOption = None,
    language: LanguageOption = None,
    limit: Annotated[int, typer.Option("--limit", min=0, help="At most this many.")] = 50,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """The documents in the store, newest first."""
    answer(
        db, json,
        lambda tb: tb.documents(
            domain=domain, alliance=alliance, since=since, language=language, limit=limit
        ),
        render_list,
    )  # fmt: skip


def render_list(rows: list[dict[str, Any]]) -> None:
    table(
        "Documents",
        ["document", "date", "lang", "format", "pages", "title", "mentions"],
        (
            [r["doc_id"], _dated(r), r["language"], r["format"], r["pages"], r["title"] or "",
             r["mentions"]]
            for r in rows
        ),
    )  # fmt: skip


@handles_errors
def docs_show(
    doc_id: Annotated[str, typer.Argument(help="Document id (or a unique beginning of it).")],
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """One document: metadata, mentions by type, stances, event dates and its text by block."""
    answer(db, json, lambda tb: tb.document(doc_id), render_document)


def render_document(d: dict[str, Any]) -> None:
    out.print(f"[bold]{escape(d['title'] or '(untitled)')}[/]  ({d['doc_id']})", highlight=False)
    out.print(
        escape(
            f"{_dated(d)} · {d['language']} · {d['format']} · {d['pages'] or '-'} page(s) · "
            f"{d['chars']} characters · {d['source_location']} · import #{d['import_id']} · "
            f"{d['indexed_passages']} passage(s) indexed"
        ),
        highlight=False,
    )
    for kind, found in d["mentions"].items():
        table(
            f"Mentions: {kind}",
            ["key", "count", "first as written", "page", "first sentence"],
            ([m["key"], m["count"], m["first_surface"], m["first_page"], m["first_sentence"]]
             for m in found),
        )  # fmt: skip
    if d["stances"]:
        table(
            "Stances",
            ["alliance", "stance", "direction", "restrictive", "cooperative", "relaxing",
             "evidence"],
            ([s["alliance_id"], s["stance"], s["direction"], s["restrictive"], s["cooperative"],
              s["relaxing"], s["evidence"]] for s in d["stances"]),
        )  # fmt: skip
    if d["event_dates"]:
        table(
            "Event dates",
            ["date", "precision", "as written", "sentence"],
            ([e["event_date"], e["precision"], e["surface"], e["sentence"]]
             for e in d["event_dates"]),
        )  # fmt: skip
    if d["candidate_measure"]:
        m = d["candidate_measure"]
        out.print(
            escape(
                f"candidate measure: {m['document_number']} {m['citation'] or ''} "
                f"→ {m['linked_measure_id'] or 'not linked'}"
            ),
            highlight=False,
        )
    page = None
    for block in d["blocks"]:
        if block["page"] != page and block["page"] is not None:
            page = block["page"]
            out.print(f"[dim]— page {page} —[/]")
        style = "bold" if block["kind"] == "heading" else None
        out.print(escape(block["text"]), style=style, highlight=False)


@handles_errors
def docs_index(
    doc_id: Annotated[
        list[str] | None,
        typer.Argument(help="Re-index these documents (default: every one not yet indexed)."),
    ] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Write the search passages of new documents and rebuild the full-text index."""
    from techbloc.documents.search_index import index_store

    report = index_store(resolve_db_path(db), doc_id or None)
    if json:
        emit_json(dataclasses.asdict(report))
        return
    out.print(
        f"indexed {report.documents_indexed} document(s), {report.passages_written} passage(s) "
        f"written; {report.passages_total} passage(s) in the index ({report.seconds:.1f} s)",
        highlight=False,
    )
