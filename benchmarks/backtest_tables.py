"""Markdown tables of a backtest for docs/benchmarks.md, from the JSON of `techbloc backtest`.

Run:  techbloc backtest --to 2026-11-23 --json > backtest.json
      PYTHONPATH=src .venv/bin/python benchmarks/backtest_tables.py backtest.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

FIGURES = (
    ("escalations", "escalations"), ("hits", "hits"), ("early", "early"),
    ("no_lead", "no lead"), ("missed", "missed"), ("recall", "recall"),
    ("alarms", "alarms"), ("false_alarms", "false alarms"), ("precision", "precision"),
    ("warning_precision", "warning precision"), ("median_lead_days", "median lead (days)"),
)  # fmt: skip
PERIOD = {"tune": "2018–2022 (tune)", "report": "2023– (report)"}


def row(cells: list[Any]) -> str:
    return "| " + " | ".join("" if c is None else str(c) for c in cells) + " |"


def summary(result: dict[str, Any]) -> list[str]:
    lines = [row(["who", "period", "level", *(name for _, name in FIGURES)])]
    lines.append(row(["---"] * (3 + len(FIGURES))))
    rows = [("detectors", r) for r in result["summary"]]
    rows += [(f"baseline: {r['baseline']}", r) for r in result["baselines"]]
    for who, r in rows:
        if r["level"] in ("yellow", "orange"):
            cells = [r[key] for key, _ in FIGURES]
            lines.append(row([who, PERIOD[r["period"]], r["level"], *cells]))
    return lines


def escalations(result: dict[str, Any]) -> list[str]:
    lines = [row(["date", "escalation", "class", "period", "status", "lead (days)",
                  "first alert", "detector", "scope"])]  # fmt: skip
    lines.append(row(["---"] * 9))
    for e in result["escalations"]:
        scope = f"{e['scope_type']}:{e['scope_key']}" if e["scope_type"] else ""
        lines.append(
            row([e["date"], e["title_en"], e["severity"], e["period"], e["status"],
                 e["lead_days"], e["first_raised"], e["detector"], scope])
        )  # fmt: skip
    return lines


def false_alarms(result: dict[str, Any]) -> list[str]:
    lines = [row(["first raised", "period", "detector", "scope", "level", "alerts", "title"])]
    lines.append(row(["---"] * 7))
    for a in result["alarms"]:
        if a["status"] == "false":
            lines.append(
                row([a["first_raised"], a["period"], a["detector"],
                     f"{a['scope_type']}:{a['scope_key']}", a["level"], a["alerts"], a["title_en"]])
            )  # fmt: skip
    return lines


def main() -> None:
    result = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    for block in (summary(result), escalations(result), false_alarms(result)):
        print("\n".join(block), end="\n\n")


if __name__ == "__main__":
    main()
