"""The request list as a spreadsheet: CSV for any program, XLSX for Excel."""

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core import phones
from signups.models import SignupRequest

# A value a spreadsheet would run as a formula: = and @ always; + and - unless what
# follows is only a number (a phone number evaluates to itself, harmlessly); tab and
# carriage return because Excel strips them before looking at the first character.
FORMULA_START = re.compile(r"^(?:[=@\t\r]|[+-](?![\d ]+$))")


def spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet shows as typed; the apostrophe only where a formula would start."""
    return "'" + text if FORMULA_START.match(text) else text


def received_at(signup: SignupRequest) -> datetime.datetime:
    # Spreadsheets know no time zones: the Rome wall-clock time coordinators read.
    return timezone.localtime(signup.created_at).replace(tzinfo=None)


COLUMNS: list[tuple[str, Callable[[SignupRequest], object]]] = [
    (_("Ricevuta il"), received_at),
    (_("Nome"), lambda r: r.first_name),
    (_("Cognome"), lambda r: r.last_name),
    (_("Email"), lambda r: r.email),
    (_("Telefono"), lambda r: phones.for_spreadsheets(r.phone)),
    (_("Comune di residenza"), lambda r: r.town),
    (_("Gruppo"), lambda r: r.group.name if r.group else _("Qualsiasi")),
    (_("Situazione lavorativa"), lambda r: r.get_work_situation_display()),
    (_("Stato"), lambda r: r.get_status_display()),
    (_("Messaggio"), lambda r: r.message),
    (_("Come ci ha conosciuti"), lambda r: r.get_heard_from_display()),
    (_("Consenso notizie"), lambda r: _("sì") if r.news_consent else _("no")),
    (_("Gestita da"), lambda r: r.handled_by.get_username() if r.handled_by else ""),
]


def csv_bytes(signups: Iterable[SignupRequest]) -> bytes:
    """Semicolons and a byte order mark, as Excel in Italian expects; every field quoted."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL)
    writer.writerow([str(label) for label, _value in COLUMNS])
    for signup in signups:
        row = []
        for _label, value in COLUMNS:
            cell = value(signup)
            if isinstance(cell, datetime.datetime):
                cell = cell.strftime("%d/%m/%Y %H:%M")
            row.append(spreadsheet_safe(str(cell)))
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(signups: Iterable[SignupRequest]) -> bytes:
    """Text cells are stored as strings (never formulas) and dates as real dates."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Richieste"))
    sheet.append([str(label) for label, _value in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_number, signup in enumerate(signups, start=2):
        for column_number, (_label, value) in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row=row_number, column=column_number)
            content = value(signup)
            if isinstance(content, datetime.datetime):
                cell.value = content
                cell.number_format = "DD/MM/YYYY HH:MM"
            else:
                cell.value = str(content)
                cell.data_type = "s"  # openpyxl would take a leading = for a formula
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 18
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
