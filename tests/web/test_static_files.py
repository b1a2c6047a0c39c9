"""The dashboard's own files, without a browser: every label in both languages, every label the
code asks for defined, nothing loaded from another server, the npm assets pinned and ignored."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.web.conftest import require

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "src" / "techbloc" / "web" / "static"
LABELS = json.loads((STATIC / "i18n" / "labels.json").read_text(encoding="utf-8"))
SCRIPTS = sorted(STATIC.glob("js/**/*.js"))
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_label_has_english_and_chinese() -> None:
    for key, entry in LABELS.items():
        assert set(entry) == {"en", "zh"}, key
        assert entry["en"].strip() and entry["zh"].strip(), key
        assert not CJK.search(entry["en"]) or key.startswith(
            ("screening.placeholder", "documents.placeholder")
        ), key
        # the same {placeholders} in both languages
        assert set(re.findall(r"{\w+}", entry["en"])) == set(re.findall(r"{\w+}", entry["zh"])), key


def used_keys() -> set[str]:
    """Keys the code names literally in t("…") calls (comments left out)."""
    keys: set[str] = set()
    for path in SCRIPTS:
        text = re.sub(r"^\s*//.*$", "", path.read_text(encoding="utf-8"), flags=re.M)
        keys |= set(re.findall(r"\bt\(\s*\"([a-z_][a-z_.0-9]*)\"", text))
    return keys


def test_every_label_the_code_asks_for_exists() -> None:
    missing = sorted(k for k in used_keys() if k not in LABELS)
    assert not missing, f"labels.json lacks {missing}"


@pytest.mark.parametrize(
    ("prefix", "values"),
    [
        ("nav", ["overview", "network", "measures", "heatmap", "pressure", "alerts", "screening",
                 "documents", "alliances", "alliance", "country", "document"]),
        ("kind", ["blockade", "cooperation", "mixed"]),
        ("direction", ["restrictive", "cooperative", "relaxing"]),
        ("level", ["blue", "yellow", "orange", "red"]),
        ("role", ["founding", "member", "partner", "adherent", "observer", "proposed"]),
    ],
)  # fmt: skip
def test_vocabularies_pages_build_keys_from(prefix: str, values: list[str]) -> None:
    assert [v for v in values if f"{prefix}.{v}" not in LABELS] == []


def test_alert_levels_read_as_the_early_warning_names_them() -> None:
    from techbloc.warning.model import Level

    for level in Level:
        assert LABELS[f"level.{level.label}"]["zh"].startswith(level.label_zh)


def test_nothing_is_loaded_from_another_server() -> None:
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    for path in SCRIPTS:
        text = path.read_text(encoding="utf-8")
        targets = re.findall(r"^(?:import|export)\b[^;]*?\bfrom\s+\"([^\"]+)\"", text, re.M)
        targets += re.findall(r"\bimport\(\s*\"([^\"]+)\"\s*\)", text)
        for target in targets:
            assert target.startswith(("./", "../", "/vendor/")), f"{path.name} imports {target}"
        assert not re.search(r"fetch\(\s*[\"'`]https?:", text), path.name
    css = (STATIC / "css" / "app.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css


def test_npm_assets_are_pinned_and_not_committed() -> None:
    package = json.loads((ROOT / "web" / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "web" / "package-lock.json").read_text(encoding="utf-8"))
    for name, version in package["dependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} {version} is not exact"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    assert package["dependencies"]["echarts"].startswith("6.")
    assert "web/node_modules/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_vendor_paths_the_pages_load_exist_in_the_packages() -> None:
    vendor = ROOT / "web" / "node_modules"
    require(vendor.is_dir(), "npm assets not installed (make web)")
    wanted = set()
    for path in SCRIPTS:
        wanted |= set(re.findall(r"\"/vendor/([^\"]+)\"", path.read_text(encoding="utf-8")))
    assert wanted
    assert [w for w in sorted(wanted) if not (vendor / w).is_file()] == []
