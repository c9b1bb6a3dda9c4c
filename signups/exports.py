"""The request list as a spreadsheet: CSV for any program, XLSX for Excel."""

from collections.abc import Callable, Iterable

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import phones
from core.spreadsheets import Cell, Kind, csv_bytes, download, xlsx_bytes
from signups.models import SignupRequest

COLUMNS: list[tuple[str, Callable[[SignupRequest], Cell]]] = [
    (_("Ricevuta il"), lambda r: r.created_at),
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


def requests_download(signups: Iterable[SignupRequest], kind: Kind) -> HttpResponse:
    """The requests, one a row, in a file named after today."""
    header = [str(label) for label, _value in COLUMNS]
    rows = ([value(signup) for _label, value in COLUMNS] for signup in signups)
    if kind == "csv":
        content = csv_bytes([header, *rows])
    else:
        content = xlsx_bytes(str(_("Richieste")), rows, header=header, widths=[18] * len(header))
    return download(content, kind, f"adesioni-{timezone.localdate():%Y-%m-%d}")
