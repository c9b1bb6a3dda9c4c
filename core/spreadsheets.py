"""What every download for a spreadsheet shares: CSV as Excel in Italian opens it, XLSX,
the guard against formulas, and the response that names the file.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from typing import Literal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

Cell = str | int | float | datetime.date | None
Kind = Literal["csv", "xlsx"]

CONTENT_TYPES: dict[Kind, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# A value a spreadsheet would run as a formula: = and @ always; + and - unless what
# follows is only a number (a phone number evaluates to itself, harmlessly); tab and
# carriage return because Excel strips them before looking at the first character.
FORMULA_START = re.compile(r"^(?:[=@\t\r]|[+-](?![\d ]+$))")


def spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet shows as typed; the apostrophe only where a formula would start."""
    return "'" + text if FORMULA_START.match(text) else text


def wall_clock(value: datetime.datetime) -> datetime.datetime:
    """Spreadsheets know no time zones: the Rome time people read on the site."""
    if timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def csv_text(value: Cell) -> str:
    """One cell as Excel in Italian reads it: a decimal comma, dates day first."""
    if value is None:
        return ""
    if isinstance(value, float):
        return number_format(value, use_l10n=True)
    if isinstance(value, datetime.datetime):
        return f"{wall_clock(value):%d/%m/%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return spreadsheet_safe(str(value))


def csv_bytes(rows: Iterable[Sequence[Cell]]) -> bytes:
    """Semicolons and a byte order mark, as Excel in Italian expects; every field quoted."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL)
    for row in rows:
        writer.writerow([csv_text(value) for value in row])
    return out.getvalue().encode("utf-8")


def xlsx_bytes(
    title: str,
    rows: Iterable[Sequence[Cell]],
    *,
    header: Sequence[str] = (),
    widths: Sequence[float] = (),
) -> bytes:
    """One sheet: text stays text (never a formula), figures numbers, dates real dates.

    A header is set in bold and stays in view while the rows scroll; `widths` are the
    columns' widths from A on.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]  # Excel's limit for a sheet's name
    if header:
        sheet.append([str(label) for label in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    for row_number, values in enumerate(rows, start=2 if header else 1):
        for column_number, value in enumerate(values, start=1):
            write_cell(sheet.cell(row=row_number, column=column_number), value)
    for column_number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column_number)].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_cell(cell, value: Cell) -> None:
    if value is None:
        return
    if isinstance(value, datetime.datetime):
        cell.value = wall_clock(value)
        cell.number_format = "DD/MM/YYYY HH:MM"
    elif isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = "DD/MM/YYYY"
    elif isinstance(value, int | float):
        cell.value = value
    else:
        cell.value = str(value)
        cell.data_type = "s"  # openpyxl would take a leading = for a formula


def download(content: bytes, kind: Kind, name: str) -> HttpResponse:
    """The file as an attachment, called `name` with the extension of its kind."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{name}.{kind}"
    )
    return response
