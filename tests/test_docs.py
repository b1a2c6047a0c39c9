"""Every command and option of the CLI is documented in docs/cli.md, and the README's two commands
and test command are what CI runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
import typer.main

from techbloc.cli.app import app

ROOT = Path(__file__).resolve().parent.parent


def _commands(group: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Leaf commands of the typer app (typer vendors click, so we duck-type its groups)."""
    found = []
    for name, command in group.commands.items():
        full = f"{prefix}{name}"
        if hasattr(command, "commands"):
            found += _commands(command, f"{full} ")
        else:
            found.append((full, command))
    return found


def test_every_command_and_option_is_documented() -> None:
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    root = typer.main.get_command(app)
    missing = []
    for name, command in _commands(root):
        if f"techbloc {name}" not in doc:
            missing.append(f"techbloc {name}")
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt not in doc:
                    missing.append(f"techbloc {name} {opt}")
    assert missing == []


def test_readme_gives_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
