"""`techbloc news …`: what the imported GDELT news events hold (新闻事件)."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Annotated, Any

import typer

from techbloc.cli.options import DbOption, JsonOption
from techbloc.cli.output import answer, handles_errors, out, table

news_app = typer.Typer(
    help="News events imported from GDELT 2.0: list, counts, stats, quarantine (新闻事件).",
    no_args_is_help=True,
)

SinceOption = Annotated[str | None, typer.Option("--since", help="First day, YYYY-MM-DD.")]
UntilOption = Annotated[str | None, typer.Option("--until", help="Last day, YYYY-MM-DD.")]
DomainOption = Annotated[
    str | None,
    typer.Option(help="A technology domain (id or name; a top-level one includes its leaves)."),
]
QuadOption = Annotated[
    int | None,
    typer.Option(
        "--quad-class",
        help="CAMEO class: 1 verbal / 2 material cooperation, 3 verbal / 4 material conflict.",
    ),
]
LimitOption = Annotated[int, typer.Option("--limit", help="How many rows to show.")]


def _actor(code: str | None, original: str | None) -> str:
    if code:
        return code
    return f"({original})" if original else ""


@news_app.command("list")
@handles_errors
def news_list(
    since: SinceOption = None,
    until: UntilOption = None,
    country: Annotated[
        str | None, typer.Option(help="Events with this country as either actor (code or name).")
    ] = None,
    domain: DomainOption = None,
    quad_class: QuadOption = None,
    limit: LimitOption = 50,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Imported events, newest first: actors (unmapped CAMEO codes in brackets), CAMEO code,
    class, Goldstein, mentions, domain and source."""
    answer(
        db, json,
        lambda tb: tb.news_events(since, until, country, domain, quad_class, limit),
        lambda rows: table(
            "News events / 新闻事件",
            ["event", "date", "actor1", "actor2", "code", "class", "Goldstein", "mentions",
             "domain", "how", "source"],
            ([r["global_event_id"], r["event_date"],
              _actor(r["actor1_actor_code"], r["actor1_country_code"]),
              _actor(r["actor2_actor_code"], r["actor2_country_code"]), r["event_code"],
              r["quad_class"], f"{r['goldstein_scale']:g}", r["num_mentions"],
              r["domain_id"] or (f"{r['domain_parent_id']} (top level)"
                                 if r["domain_parent_id"] else ""),
              r["domain_method"] or "", r["source_url"] or ""] for r in rows),
        ),
    )  # fmt: skip


@news_app.command("counts")
@handles_errors
def news_counts(
    since: SinceOption = None,
    until: UntilOption = None,
    actor1: Annotated[str | None, typer.Option(help="Actor 1 (code or name).")] = None,
    actor2: Annotated[str | None, typer.Option(help="Actor 2 (code or name).")] = None,
    domain: DomainOption = None,
    quad_class: QuadOption = None,
    root_code: Annotated[
        str | None, typer.Option("--root-code", help="CAMEO root code, 01–20.")
    ] = None,
    limit: LimitOption = 100,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Events per day × actor1 × actor2 × domain × class × root code, with mentions, mean
    Goldstein and mean tone: the view the early warning reads (news_event_counts)."""
    answer(
        db, json,
        lambda tb: tb.news_event_counts(since, until, actor1, actor2, domain, quad_class,
                                        root_code),
        lambda rows: _render_counts(rows, limit),
    )  # fmt: skip


def _render_counts(rows: list[dict[str, Any]], limit: int) -> None:
    table(
        f"Daily news event counts / 每日新闻事件计数 ({min(limit, len(rows))} of {len(rows)})",
        ["day", "actor1", "actor2", "domain", "top-level", "class", "root", "events", "mentions",
         "mean Goldstein", "mean tone"],
        ([r["event_date"], r["actor1_actor_code"] or "", r["actor2_actor_code"] or "",
          r["domain_id"] or "", r["domain_parent_id"] or "", r["quad_class"],
          r["event_root_code"], r["events"], r["num_mentions"], f"{r['mean_goldstein']:.2f}",
          "" if r["mean_avg_tone"] is None else f"{r['mean_avg_tone']:.2f}"]
         for r in rows[:limit]),
    )  # fmt: skip


@news_app.command("stats")
@handles_errors
def news_stats(
    top: Annotated[int, typer.Option("--top", help="Rows per section.")] = 15,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """What was imported: files, totals, events by day, country, domain and class, country codes
    mapped to no actor, and the quarantine's reasons."""
    answer(db, json, lambda tb: tb.news_stats(top), _render_stats)


def _render_stats(s: dict[str, Any]) -> None:
    t = s["totals"]
    if not t["events"] and not t["mentions"] and not s["imports"]:
        out.print("no news events imported yet / 尚未导入新闻事件: techbloc import gdelt FILES",
                  highlight=False)  # fmt: skip
        return
    out.print(
        f"{t['events']:,} events ({t['first_day']} … {t['last_day']}), {t['mentions']:,} "
        f"mentions, {t['quarantined_rows']:,} rows quarantined; {t['with_leaf_domain']:,} events "
        f"with a leaf domain, {t['with_parent_domain_only']:,} with a top-level domain only",
        highlight=False,
    )
    table("Imports / 导入", ["#", "run", "file", "kind", "read", "kept", "rejected", "stored"],
          ([i["import_id"], i["run_id"], PurePosixPath(i["source_location"]).name, i["file_kind"],
            i["rows_read"], i["rows_kept"], i["rows_rejected"], i["rows_already_stored"]]
           for i in s["imports"]))  # fmt: skip
    table("Events by day (latest) / 每日事件", ["day", "events", "mentions", "conflict"],
          ([r["event_date"], r["events"], r["num_mentions"], r["conflict_events"]]
           for r in s["by_day"]))  # fmt: skip
    table("Events by country / 各国事件", ["country", "name", "events", "as actor1", "as actor2"],
          ([r["actor_code"], f"{r['name_en']} / {r['name_zh']}" if r["name_en"] else "",
            r["events"], r["as_actor1"], r["as_actor2"]] for r in s["by_country"]))  # fmt: skip
    table("Events by technology domain / 各技术领域事件",
          ["top level", "domain", "name", "events", "from URL", "from actor names"],
          ([r["domain_parent_id"] or "(none)", r["domain_id"] or "",
            f"{r['name_en']} / {r['name_zh']}" if r["name_en"] else "", r["events"],
            r["from_url"], r["from_actor_names"]] for r in s["by_domain"]))  # fmt: skip
    table("Events by class / 事件类别", ["QuadClass", "class", "events"],
          ([r["quad_class"], f"{r['label_en']} / {r['label_zh']}", r["events"]]
           for r in s["by_quad_class"]))  # fmt: skip
    if s["unmapped_codes"]:
        rows = ([r["code_system"], r["code"], r["events"]] for r in s["unmapped_codes"])
        table(
            "Country codes mapped to no actor / 未映射的国家代码",
            ["system", "code", "events"],
            rows,
        )
    if s["quarantine_reasons"]:
        reasons = ([r["field"], r["reason"], r["problems"]] for r in s["quarantine_reasons"])
        table("Quarantine / 隔离 (problems by reason)", ["field", "reason", "problems"], reasons)


@news_app.command("quarantine")
@handles_errors
def news_quarantine(
    limit: LimitOption = 50,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Rows of news files that did not pass: file, row, field, reason and the value."""
    answer(
        db, json,
        lambda tb: tb.news_quarantine(limit),
        lambda rows: table(
            "Quarantined news rows / 隔离的新闻行",
            ["import", "file", "row", "field", "reason", "value"],
            ([r["import_id"], PurePosixPath(r["source_location"]).name, r["source_row"],
              r["field"] or "(row)", r["reason"], (r["value"] or "").replace("\t", " ")[:60]]
             for r in rows),
        ),
    )  # fmt: skip
