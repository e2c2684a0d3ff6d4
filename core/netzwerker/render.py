"""Renderers: a report's data as a terminal table, JSON, CSV, Markdown or HTML."""

from __future__ import annotations

import csv
import html
import io
import json
from typing import Any

from .reports import Report, Table

FORMATS = ("table", "json", "csv", "md", "html")


def render(report: Report, data: dict[str, Any], fmt: str, *, width: int | None = None) -> str:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    if fmt == "csv":
        flat = getattr(report, "flat", None)
        return to_csv(flat(data) if flat else report.table(data))
    table = report.table(data)
    if fmt == "md":
        return to_markdown(table)
    if fmt == "html":
        return to_html(table)
    return to_terminal(table, width=width)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def to_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def to_markdown(table: Table) -> str:
    def escape(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = []
    if table.title:
        lines += [f"## {escape(table.title)}", ""]
    lines.append("| " + " | ".join(escape(c) for c in table.columns) + " |")
    lines.append("|" + "|".join(" --- " for _ in table.columns) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(escape(_cell(v)) for v in row) + " |")
    return "\n".join(lines) + "\n"


def to_html(table: Table) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in table.columns)
    body = "\n".join("<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>" for row in table.rows)
    title = html.escape(table.title or "netzwerker report")
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title>"
        "<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}"
        "th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}th{background:#f3f3f3}</style>"
        f"</head><body><h1>{title}</h1>\n<table><thead><tr>{head}</tr></thead><tbody>\n{body}\n"
        "</tbody></table></body></html>\n"
    )


def to_terminal(table: Table, width: int | None = None) -> str:
    from rich.console import Console
    from rich.table import Table as RichTable

    rich_table = RichTable(title=table.title or None, show_lines=False)
    for column in table.columns:
        rich_table.add_column(column, overflow="fold")
    for row in table.rows:
        rich_table.add_row(*(_cell(v) for v in row))
    buffer = io.StringIO()
    console = Console(file=buffer, width=width or 140, force_terminal=False, color_system=None)
    console.print(rich_table)
    return buffer.getvalue()
