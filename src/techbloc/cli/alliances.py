"""`techbloc alliances` and `techbloc alliance`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from techbloc.cli.options import AtOption, DbOption, JsonOption
from techbloc.cli.output import answer, both, handles_errors, listing, out, table


@handles_errors
def alliances(
    at: AtOption = None,
    kind: Annotated[str | None, typer.Option(help="blockade | cooperation | mixed")] = None,
    domain: Annotated[str | None, typer.Option(help="Technology domain id or name.")] = None,
    stage: Annotated[str | None, typer.Option(help="Stage id or name (e.g. investment).")] = None,
    member: Annotated[str | None, typer.Option(help="Only alliances this country is in.")] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Alliances that exist on a date, with their status and member count."""
    title = f"Alliances on {at or 'today'}" + (f" (kind: {kind})" if kind else "")
    answer(
        db, json,
        lambda tb: tb.alliances(at=at, kind=kind, domain=domain, stage=stage, member=member),
        lambda rows: render_alliances(rows, title),
    )  # fmt: skip


def render_alliances(rows: list[dict[str, Any]], title: str) -> None:
    table(
        title,
        ["id", "name", "kind", "form", "status", "founded", "ended", "members", "domains"],
        (
            [
                r["alliance_id"],
                both(r["short_name_en"], r["short_name_zh"]),
                r["kind"],
                r["form"],
                r["status"],
                r["founded"],
                r["ended"],
                r["member_count"]
                or (f"({r['proposed_count']} proposed)" if r["proposed_count"] else 0),
                listing(r["domains"], 3),
            ]
            for r in rows
        ),
    )


@handles_errors
def alliance(
    name: Annotated[str, typer.Argument(help="Id, name or alias in any language (瓦森纳, WA).")],
    at: AtOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Profile of one alliance and its membership timeline."""
    answer(db, json, lambda tb: tb.alliance(name, at=at), render_alliance)


def render_alliance(p: dict[str, Any]) -> None:
    out.print(f"[bold]{both(p['name_en'], p['name_zh'])}[/]  ({p['alliance_id']})")
    lines = [
        ("kind / form", f"{p['kind']} / {p['form']}"),
        ("status on " + str(p["at"]), p["status_at"] or "not yet in existence"),
        ("founded / ended", f"{p['founded'] or 'unknown'} / {p['ended'] or '-'}"),
        ("predecessor", p["predecessor_id"] or "-"),
        ("successors", ", ".join(p["successors"]) or "-"),
        ("tech scope", ", ".join(p["tech_scope"] or [])),
        ("domains", ", ".join(p["domains"] or [])),
        ("stages", ", ".join(p["stages"] or [])),
        ("aliases", ", ".join(p["aliases"])),
        ("members on " + str(p["at"]), str(p["member_count_at"])),
        ("measures in register", str(p["measure_count"])),
    ]
    for label, value in lines:
        out.print(f"  [dim]{label:<22}[/] {value}", highlight=False)
    if p.get("summary_en"):
        out.print(f"\n  {p['summary_en']}\n  {p.get('summary_zh') or ''}", highlight=False)
    table(
        "Trajectory dimensions (0 none … 3 strong)",
        ["dimension", "level", "evidence", "sources"],
        (
            [both(d["name_en"], d["name_zh"]), d["level"], d["evidence"], listing(d["source_ids"])]
            for d in p["dimensions"]
        ),
    )
    table(
        f"Membership timeline (member on {p['at']}: ✓)",
        ["", "actor", "role", "joined", "left", "as of", "source"],
        (
            [
                "✓" if m["is_member_at"] else "",
                f"{m['actor_code']} {m['actor_zh']}",
                m["role"],
                m["joined"] or "?",
                m["left"] or "",
                m["as_of"] or "",
                listing(m["source_ids"], 1),
            ]
            for m in p["memberships"]
        ),
    )
    table(
        "Sources",
        ["id", "publisher", "title", "date", "url"],
        ([s["source_id"], s["publisher"], s["title"], s["date"], s["url"]] for s in p["sources"]),
    )
