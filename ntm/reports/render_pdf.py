"""A `Report` as PDF: rendered to HTML by a template (reports/document.html), then laid out by
WeasyPrint — A4, serif Vietnamese font (Times New Roman, else Liberation Serif, else DejaVu Serif),
page numbers, attached tables on landscape pages with their headings repeated."""

from django.template.loader import render_to_string

from .document import MARK, TEXT, Paragraph, Report, Table, text_of


def _cells(table: Table, row) -> list[dict]:
    out = []
    for c, (column, value) in enumerate(zip(table.columns, row.cells, strict=True)):
        css = []
        if column.kind == MARK or (c == 0 and column.kind != TEXT):
            css.append("mark")
        elif column.kind != TEXT and not isinstance(value, str):
            css.append("num")
        if c == 1 and row.indent:
            css.append(f"indent-{min(row.indent, 2)}")
        out.append({"text": text_of(value, column.kind), "css": " ".join(css)})
    return out


def _table_context(table: Table) -> dict:
    total = sum(c.width for c in table.columns)
    return {
        "table": table,
        "heads": table.header,
        "widths": [f"{100 * c.width / total:.2f}" for c in table.columns],
        "rows": [{"style": r.style, "cells": _cells(table, r)} for r in table.rows],
    }


def render_html(report: Report) -> str:
    blocks = [b if isinstance(b, Paragraph) else _table_context(b) for b in report.blocks]
    return render_to_string(
        "reports/document.html",
        {"report": report, "blocks": blocks, "appendices": [_table_context(t) for t in report.appendices]},
    )


def render_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(report)).write_pdf()
