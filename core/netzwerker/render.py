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


#: Self-contained styling: a report file opens anywhere, offline, with no assets.
_HTML_STYLE = (
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d2330;background:#fff;"
    "margin:2rem auto;max-width:80rem;padding:0 1.25rem}"
    "h1{font-size:1.35rem;font-weight:600;margin:0 0 1rem}"
    "table{border-collapse:collapse}"
    "th,td{padding:.45rem .7rem;border-bottom:1px solid #e3e6eb;text-align:left;vertical-align:top}"
    "thead th{position:sticky;top:0;background:#f3f5f8;border-bottom:2px solid #c7ccd4;font-weight:600;"
    "white-space:nowrap}"
    "tbody tr:nth-child(even){background:#fafbfc}tbody tr:hover{background:#edf3fc}"
    ".num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    ".short{white-space:nowrap}"
    ".empty{color:#6b7280;font-style:italic}"
    "@media print{body{margin:0;max-width:none}thead th{position:static}}"
)


def _numeric_columns(table: Table) -> set[int]:
    """Columns whose every filled cell is a number: right-aligned, so digits line up."""
    numeric = set()
    for index in range(len(table.columns)):
        values = [row[index] for row in table.rows if index < len(row) and row[index] not in (None, "")]
        if values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            numeric.add(index)
    return numeric


#: Columns whose longest cell is at most this long never wrap; long text columns take the wrapping.
_SHORT_CELL = 28


def _short_columns(table: Table) -> set[int]:
    return {
        index
        for index in range(len(table.columns))
        if all(len(_cell(row[index])) <= _SHORT_CELL for row in table.rows if index < len(row))
    }


def to_html(table: Table) -> str:
    numeric, short = _numeric_columns(table), _short_columns(table)

    def cls(index: int) -> str:
        if index in numeric:
            return ' class="num"'
        return ' class="short"' if index in short else ""

    head = "".join(f'<th scope="col"{cls(i)}>{html.escape(c)}</th>' for i, c in enumerate(table.columns))
    body = "\n".join(
        "<tr>" + "".join(f"<td{cls(i)}>{html.escape(_cell(v))}</td>" for i, v in enumerate(row)) + "</tr>"
        for row in table.rows
    )
    if not table.rows:
        body = f'<tr><td class="empty" colspan="{max(len(table.columns), 1)}">Nothing to report.</td></tr>'
    title = html.escape(table.title or "netzwerker report")
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{_HTML_STYLE}</style>"
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
