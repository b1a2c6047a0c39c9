"""`techbloc docs tag FILE`: what the tagger finds in a document, without storing it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from techbloc.cli.options import DbOption, JsonOption
from techbloc.cli.output import answer, handles_errors, out, table
from techbloc.documents.model import MENTION_TYPES


@handles_errors
def docs_tag(
    file: Annotated[Path, typer.Argument(help="A PDF, HTML, DOCX, TXT, Markdown or FR file.")],
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Tag FILE (alliances, countries, domains, instruments, stages, dimensions, stances, event
    dates, each with its span and evidence sentence) without storing it."""
    answer(db, json, lambda tb: tb.tag_file(file), render_tags)


def render_tags(results: list[dict[str, Any]]) -> None:
    for doc in results:
        out.print(
            f"[bold]{doc['title'] or doc['file']}[/] — {doc['language']}, {doc['format']}, "
            f"{doc['chars']:,} characters, {len(doc['mentions'])} mention(s)",
            highlight=False,
        )
        table(
            "Mentions by type",
            ["type", "keys (count)"],
            (
                [kind, ", ".join(f"{k} ({n})" for k, n in sorted(
                    doc["summary"][kind].items(), key=lambda kv: (-kv[1], kv[0])))]
                for kind in MENTION_TYPES
            ),
        )  # fmt: skip
        if doc["stances"]:
            table(
                "Stance per alliance",
                ["alliance", "stance", "direction", "restrictive", "cooperative", "relaxing",
                 "evidence"],
                ([s["alliance_id"], s["stance"], s["direction"], s["restrictive"],
                  s["cooperative"], s["relaxing"], s["evidence"]] for s in doc["stances"]),
            )  # fmt: skip
        if doc["event_dates"]:
            table(
                "Event dates",
                ["date", "precision", "as written", "sentence"],
                ([d["date"], d["precision"], d["surface"], d["sentence"]]
                 for d in doc["event_dates"]),
            )  # fmt: skip
