"""The report's figures: every table, counted from the registers read once."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from groups.models import Group
from meetings.models import Meeting
from signups.models import SignupRequest
from signups.report.registers import Column, Registers, read_registers

Cell = str | int | float | None


@dataclass
class Table:
    """One block of the report: a title, column headings and rows of label and figures."""

    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    # The column drawn as bars beside the table, or None for no chart.
    chart_column: int | None = 1


def rate(present: int, lines: int) -> float | None:
    """Present people out of the register's lines, as a percentage with one decimal."""
    return round(100 * present / lines, 1) if lines else None


def months_between(start: datetime.date, end: datetime.date) -> list[tuple[int, int]]:
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def per_column(registers: Registers, count: Callable[[Column], Cell]) -> list[Cell]:
    """One figure per group and, where there is one, the total."""
    return [count(column) for column in registers.columns]


def counted(counter: Counter, column: Column) -> int:
    """A group's figure, or for the total column the sum of every group's."""
    return counter.total() if column is None else counter[column]


def attended(registers: Registers, column: Column, at_least: int) -> int:
    """Participants present at `at_least` of the meetings held."""
    return sum(
        1
        for _participant, group, count in registers.presences
        if column in (None, group) and count >= at_least
    )


def meetings_of(meetings: dict[Column, list[Meeting]], column: Column) -> list[Meeting]:
    return meetings.get(column, [])


def lines(registers: Registers, column: Column, kind: str) -> int:
    """The register's lines of one kind (present, absent, apologised) at meetings held."""
    return sum(getattr(m, kind) for m in meetings_of(registers.held, column))


def average(registers: Registers, column: Column) -> float | None:
    present = lines(registers, column, "present")
    others = lines(registers, column, "absent") + lines(registers, column, "apologised")
    return rate(present, present + others)


def still_planned(registers: Registers, column: Column) -> int:
    """Meetings of the period neither cancelled nor over yet."""
    return sum(
        1
        for m in meetings_of(registers.meetings, column)
        if not m.is_cancelled and m.ends_at > registers.now
    )


def summary_table(registers: Registers, threshold: int) -> Table:
    names = {group.pk: group.name for group in registers.groups}
    summary = Table(
        _("Riepilogo"),
        [_("Indicatore"), *(names[c] if c else _("Totale") for c in registers.columns)],
        chart_column=None,
    )
    figures: list[tuple[str, Callable[[Column], Cell]]] = [
        (_("Richieste di adesione ricevute"), lambda c: counted(registers.received_by_group, c)),
        (_("Partecipanti"), lambda c: counted(registers.participants, c)),
        (_("Partecipanti presenti almeno una volta"), lambda c: attended(registers, c, 1)),
        (
            _("Partecipanti presenti ad almeno %(count)d incontri") % {"count": threshold},
            lambda c: attended(registers, c, threshold),
        ),
        (_("Ritiri"), lambda c: counted(registers.withdrawals, c)),
        (_("Incontri svolti"), lambda c: len(meetings_of(registers.held, c))),
        (
            _("Incontri annullati"),
            lambda c: sum(1 for m in meetings_of(registers.meetings, c) if m.is_cancelled),
        ),
        (_("Incontri ancora da svolgere"), lambda c: still_planned(registers, c)),
        (_("Presenze"), lambda c: lines(registers, c, "present")),
        (_("Assenze"), lambda c: lines(registers, c, "absent")),
        (_("Assenze giustificate"), lambda c: lines(registers, c, "apologised")),
        (_("Tasso medio di presenza (%)"), lambda c: average(registers, c)),
    ]
    if registers.ungrouped:
        # Counted in the total only, so that the total never hides them.
        figures.insert(
            1, (_("di cui senza un gruppo scelto"), lambda c: 0 if c else registers.ungrouped)
        )
    summary.rows = [[label, *per_column(registers, count)] for label, count in figures]
    return summary


def choice_table(
    registers: Registers,
    title: str,
    heading: str,
    key: str,
    choices: list[tuple[str, str]],
    blank: str = "",
) -> Table:
    """Requests counted by one of their choices (`key`), in the choices' order."""
    counts = Counter(getattr(row, key) for row in registers.received)
    table = Table(title, [heading, _("Richieste")])
    table.rows = [[str(label), counts[value]] for value, label in choices]
    if blank:
        table.rows.append([blank, counts[""]])
    return table


def towns_table(registers: Registers) -> Table:
    """Requests by town, the spellings of a town counted together under the commonest one."""
    spellings: dict[str, Counter] = {}
    for row in registers.received:
        town = row.town.strip()
        spellings.setdefault(town.casefold(), Counter())[town] += 1
    towns = Table(_("Richieste per comune di residenza"), [_("Comune"), _("Richieste")])
    towns.rows = sorted(
        (
            [spelling.most_common(1)[0][0] or _("Non indicato"), spelling.total()]
            for spelling in spellings.values()
        ),
        key=lambda row: (-row[1], row[0]),
    )
    return towns


def months_table(registers: Registers, start: datetime.date, end: datetime.date) -> Table:
    per_month = Counter(
        (local.year, local.month)
        for local in (timezone.localtime(row.created_at) for row in registers.received)
    )
    months = Table(_("Richieste per mese"), [_("Mese"), _("Richieste")])
    months.rows = [
        [dateformat.format(datetime.date(year, month, 1), "F Y"), per_month[year, month]]
        for year, month in months_between(start, end)
    ]
    return months


def attendance_table(registers: Registers) -> Table:
    attendance = Table(
        _("Presenze per incontro svolto"),
        [
            _("Incontro"),
            _("Presenti"),
            _("Assenti"),
            _("Giustificati"),
            _("Tasso di presenza (%)"),
        ],
    )
    attendance.rows = [
        [
            f"{m.group.name}, {m.number} ({timezone.localtime(m.starts_at):%d/%m/%Y})",
            m.present,
            m.absent,
            m.apologised,
            rate(m.present, m.present + m.absent + m.apologised),
        ]
        for m in registers.held[None]
    ]
    return attendance


def build_report(
    groups: list[Group],
    requests: QuerySet[SignupRequest],
    start: datetime.date,
    end: datetime.date,
    *,
    threshold: int | None = None,
    now: datetime.datetime | None = None,
) -> list[Table]:
    """Every table of the report for the groups, the requests counted and the period.

    `requests` are the rows the user may count (SignupRequest.objects.visible_to); those made
    for no group show, in the total, where they are among them.
    """
    registers = read_registers(groups, requests, start, end, now or timezone.now())
    return [
        summary_table(registers, threshold or settings.REPORT_ATTENDANCE_THRESHOLD),
        choice_table(
            registers, _("Richieste per stato"), _("Stato"), "status", SignupRequest.Status.choices
        ),
        choice_table(
            registers,
            _("Richieste per situazione lavorativa"),
            _("Situazione lavorativa"),
            "work_situation",
            SignupRequest.WorkSituation.choices,
        ),
        choice_table(
            registers,
            _("Richieste per canale (come ci hanno conosciuti)"),
            _("Canale"),
            "heard_from",
            SignupRequest.HeardFrom.choices,
            blank=_("Non indicato"),
        ),
        towns_table(registers),
        months_table(registers, start, end),
        attendance_table(registers),
    ]
