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


PARTICIPANT_COLUMNS: list[tuple[str, Callable[[SignupRequest], Cell]]] = [
    (_("Cognome"), lambda p: p.last_name),
    (_("Nome"), lambda p: p.first_name),
    (_("Gruppo"), lambda p: p.group.name if p.group else ""),
    (_("Telefono"), lambda p: phones.for_spreadsheets(p.phone)),
    (_("Email"), lambda p: p.email),
    (_("Comune di residenza"), lambda p: p.town),
    (_("Avvisi per"), lambda p: p.get_contact_by_display()),
    (_("Presenze"), lambda p: getattr(p, "presences", None)),
    (_("Partecipante dal"), lambda p: p.accepted_at),
    (_("Ritirato/a il"), lambda p: p.withdrawn_at),
    (_("Motivo del ritiro"), lambda p: p.withdrawal_reason),
]


def participants_download(participants: Iterable[SignupRequest]) -> HttpResponse:
    """The participants as the list shows them, for Excel: the group's phone list."""
    header = [str(label) for label, _value in PARTICIPANT_COLUMNS]
    rows = ([value(person) for _label, value in PARTICIPANT_COLUMNS] for person in participants)
    content = xlsx_bytes(str(_("Partecipanti")), rows, header=header, widths=[18] * len(header))
    return download(content, "xlsx", f"partecipanti-{timezone.localdate():%Y-%m-%d}")
