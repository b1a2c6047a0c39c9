"""The pages a browser gets from the server itself: the landing page (until the dashboard's files
are installed) and the offline API documentation. The landing page is made from the app's own
routes, so it lists exactly what the server answers."""

from __future__ import annotations

import html
import re
from importlib import resources

from fastapi import FastAPI

from techbloc import __version__
from techbloc.api.endpoint_list import first_paragraph

STATIC = resources.files("techbloc.api") / "static"


def docs_html() -> str:
    return (STATIC / "docs.html").read_text(encoding="utf-8")


def route_table(app: FastAPI) -> dict[str, list[tuple[str, str, str, bool]]]:
    """Endpoints by tag, from the app's OpenAPI document: (method, path, summary, whether it
    answers a plain link: a GET without path or required parameters)."""
    groups: dict[str, list[tuple[str, str, str, bool]]] = {}
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            tag = str((operation.get("tags") or ["other"])[0])
            summary = str(operation.get("description") or operation.get("summary") or "")
            required = any(p.get("required") for p in operation.get("parameters", []))
            linkable = method == "get" and not required
            groups.setdefault(tag, []).append(
                (method.upper(), path, first_paragraph(summary), linkable)
            )
    return groups


def _with_code(text: str) -> str:
    """Escaped text with `code` spans as <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def landing_html(app: FastAPI) -> str:
    """A bilingual page: what techbloc is, where the API and its documentation are, every
    endpoint (GET endpoints that need no parameter are links)."""
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        "<title>techbloc · 科技联盟监测预警系统</title>",
        "<link rel='stylesheet' href='/api/static/landing.css'>",
        "<link rel='icon' href='/api/docs/assets/favicon.png'></head><body>",
        "<h1>techbloc <span class='zh'>科技联盟监测预警系统</span></h1>",
        "<p>Monitoring, assessment and early warning for technology-control alliances, over a "
        "local store. <span class='zh'>面向科技管控联盟的监测、评估与预警"
        "（本地数据库）。</span></p>",
        "<p><a href='/api/docs'>API documentation / 接口文档</a> · "
        "<a href='/api/v1/openapi.json'>OpenAPI (JSON)</a> · "
        "<a href='/api/v1/health'>health / 状态</a> · "
        f"version / 版本 {html.escape(__version__)}</p>",
        "<p>Reading needs no token on this machine; writing (uploads, imports, scenarios) needs "
        "one: <code>techbloc token create NAME</code>, then "
        "<code>Authorization: Bearer …</code>. <span class='zh'>读取无需令牌；上传、导入与情景"
        "分析需要令牌。</span></p>",
    ]
    for tag, rows in route_table(app).items():
        parts.append(f"<h2>{html.escape(tag)}</h2><table>")
        for method, path, summary, linkable in rows:
            shown = html.escape(path)
            if linkable:
                shown = f"<a href='{html.escape(path)}'>{shown}</a>"
            parts.append(
                f"<tr><td class='method'>{method}</td><td>{shown}</td>"
                f"<td>{_with_code(summary)}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)
