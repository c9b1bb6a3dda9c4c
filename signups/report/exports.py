"""The report as a file: the same tables, one after the other, in XLSX or CSV."""

from __future__ import annotations

import datetime

from django.http import HttpResponse
from django.utils.translation import gettext as _

from core.spreadsheets import Kind, csv_bytes, download, xlsx_bytes
from groups.models import Group
from signups.report.figures import Cell, Table


def heading_lines(start: datetime.date, end: datetime.date, groups: list[Group]) -> list[str]:
    return [
        _("Rapporto AMALav dal %(start)s al %(end)s")
        % {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"},
        _("Gruppi: %(groups)s") % {"groups": ", ".join(group.name for group in groups)},
    ]


def sheet_rows(tables: list[Table], heading: list[str]) -> list[list[Cell]]:
    """The heading, then each table under its title, an empty row before each."""
    rows: list[list[Cell]] = [[line] for line in heading]
    for table in tables:
        rows += [[], [table.title], list(table.headers), *table.rows]
    return rows


def report_download(
    tables: list[Table], start: datetime.date, end: datetime.date, groups: list[Group], kind: Kind
) -> HttpResponse:
    rows = sheet_rows(tables, heading_lines(start, end, groups))
    content = csv_bytes(rows) if kind == "csv" else xlsx_bytes(_("Rapporto"), rows, widths=[50])
    return download(content, kind, f"rapporto-{start:%Y-%m-%d}-{end:%Y-%m-%d}")
