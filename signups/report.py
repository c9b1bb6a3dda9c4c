"""The report for funders: what happened in a period, counted, without personal data.

Only counts leave this module: it reads statuses, towns and dates, never a name, an
email or a phone number. Anonymised requests keep those fields, so a purge changes
none of the figures.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections import Counter
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import dateformat, timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from openpyxl import Workbook

from groups.models import Group
from meetings.models import Meeting
from signups.exports import spreadsheet_safe
from signups.models import Attendance, SignupRequest

Cell = str | int | float | None


@dataclass
class Table:
    """One block of the report: a title, column headings and rows of label and figures."""

    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    # The column drawn as bars beside the table, or None for no chart.
    chart_column: int | None = 1

    def bars(self) -> list[dict]:
        """The chart's bars, as percentages of the longest, for the SVG template."""
        if self.chart_column is None:
            return []
        values = [row[self.chart_column] or 0 for row in self.rows]
        longest = max(values, default=0) or 1
        return [
            {
                "label": row[0],
                "value": value,
                "width": round(70 * value / longest, 2),
                "y": index * 36,
            }
            for index, (row, value) in enumerate(zip(self.rows, values, strict=True))
        ]

    @property
    def chart_height(self) -> int:
        return len(self.rows) * 36


def rate(present: int, lines: int) -> float | None:
    """Present people out of the register's lines, as a percentage with one decimal."""
    return round(100 * present / lines, 1) if lines else None


def period_bounds(start: datetime.date, end: datetime.date) -> tuple:
    """From the first day's midnight to the midnight after the last day, Rome time."""
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return since, until


def months_between(start: datetime.date, end: datetime.date) -> list[tuple[int, int]]:
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def build_report(
    groups: list[Group],
    start: datetime.date,
    end: datetime.date,
    *,
    include_ungrouped: bool = False,
    threshold: int | None = None,
    now: datetime.datetime | None = None,
) -> list[Table]:
    """Every table of the report for the groups and the period, in a fixed number of queries.

    Meetings count as held when not cancelled and over by `now`; a participant is anyone
    accepted before the period ended and not withdrawn before it began.
    """
    threshold = threshold or settings.REPORT_ATTENDANCE_THRESHOLD
    now = now or timezone.now()
    since, until = period_bounds(start, end)
    group_ids = [group.pk for group in groups]
    by_group = len(groups) > 1

    in_scope = Q(group__in=group_ids)
    if include_ungrouped:
        in_scope |= Q(group__isnull=True)
    received = list(
        SignupRequest.objects.filter(in_scope, created_at__gte=since, created_at__lt=until)
        .order_by()
        .values_list("group", "status", "work_situation", "heard_from", "town", "created_at")
    )
    participants = Counter(
        dict(
            SignupRequest.objects.filter(group__in=group_ids, accepted_at__lt=until)
            .filter(Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=since))
            .order_by()
            .values_list("group")
            .annotate(count=Count("pk"))
        )
    )
    withdrawals = Counter(
        dict(
            SignupRequest.objects.filter(
                group__in=group_ids, withdrawn_at__gte=since, withdrawn_at__lt=until
            )
            .order_by()
            .values_list("group")
            .annotate(count=Count("pk"))
        )
    )
    status = Attendance.Status
    meetings = list(
        Meeting.objects.filter(group__in=group_ids, starts_at__gte=since, starts_at__lt=until)
        .select_related("group")
        .annotate(
            present=Count("attendances", filter=Q(attendances__status=status.PRESENT)),
            absent=Count("attendances", filter=Q(attendances__status=status.ABSENT)),
            apologised=Count("attendances", filter=Q(attendances__status=status.APOLOGISED)),
        )
        .order_by("group__town", "group__name", "group__slug", "starts_at")
    )
    held = [m for m in meetings if not m.is_cancelled and m.ends_at <= now]
    presences = list(
        Attendance.objects.filter(meeting__in=[m.pk for m in held], status=status.PRESENT)
        .order_by()
        .values_list("participant", "meeting__group")
        .annotate(count=Count("pk"))
    )

    columns: list[int | None] = [*group_ids, None] if by_group else group_ids

    def per_group(count) -> list[Cell]:
        """One figure per group and, for several groups, their total."""
        figures = [count(group_id) for group_id in group_ids]
        if by_group:
            figures.append(count(None))
        return figures

    def meetings_of(group_id: int | None, subset: list[Meeting]) -> list[Meeting]:
        return [m for m in subset if group_id is None or m.group_id == group_id]

    def attended(group_id: int | None, at_least: int) -> int:
        return sum(
            1
            for _participant, group, count in presences
            if (group_id is None or group == group_id) and count >= at_least
        )

    def counted(counter: Counter, group_id: int | None) -> int:
        return sum(counter.values()) if group_id is None else counter[group_id]

    def lines(group_id: int | None, kind: str) -> int:
        return sum(getattr(m, kind) for m in meetings_of(group_id, held))

    def average(group_id: int | None) -> float | None:
        present = lines(group_id, "present")
        return rate(present, present + lines(group_id, "absent") + lines(group_id, "apologised"))

    names = {group.pk: group.name for group in groups}
    summary = Table(
        _("Riepilogo"),
        [_("Indicatore"), *(names[c] if c else _("Totale") for c in columns)],
        chart_column=None,
    )
    summary.rows = [
        [
            _("Richieste di adesione ricevute"),
            *per_group(lambda g: sum(1 for row in received if g is None or row[0] == g)),
        ],
        [_("Partecipanti"), *per_group(lambda g: counted(participants, g))],
        [_("Partecipanti presenti almeno una volta"), *per_group(lambda g: attended(g, 1))],
        [
            _("Partecipanti presenti ad almeno %(count)d incontri") % {"count": threshold},
            *per_group(lambda g: attended(g, threshold)),
        ],
        [_("Ritiri"), *per_group(lambda g: counted(withdrawals, g))],
        [_("Incontri svolti"), *per_group(lambda g: len(meetings_of(g, held)))],
        [
            _("Incontri annullati"),
            *per_group(lambda g: sum(1 for m in meetings_of(g, meetings) if m.is_cancelled)),
        ],
        [
            _("Incontri ancora da svolgere"),
            *per_group(
                lambda g: sum(
                    1 for m in meetings_of(g, meetings) if not m.is_cancelled and m.ends_at > now
                )
            ),
        ],
        [_("Presenze"), *per_group(lambda g: lines(g, "present"))],
        [_("Assenze"), *per_group(lambda g: lines(g, "absent"))],
        [_("Assenze giustificate"), *per_group(lambda g: lines(g, "apologised"))],
        [_("Tasso medio di presenza (%)"), *per_group(average)],
    ]
    if include_ungrouped:
        # Counted in the total only, so that the total never hides them.
        summary.rows.insert(
            1,
            [
                _("di cui senza un gruppo scelto"),
                *per_group(lambda g: 0 if g else sum(1 for row in received if row[0] is None)),
            ],
        )

    def by_choice(title: str, heading: str, index: int, choices, blank: str = "") -> Table:
        counts = Counter(row[index] for row in received)
        table = Table(title, [heading, _("Richieste")])
        table.rows = [[str(label), counts[value]] for value, label in choices]
        if blank:
            table.rows.append([blank, counts[""]])
        return table

    spellings: dict[str, Counter] = {}
    for row in received:
        town = row[4].strip()
        spellings.setdefault(town.casefold(), Counter())[town] += 1
    towns = Table(_("Richieste per comune di residenza"), [_("Comune"), _("Richieste")])
    towns.rows = sorted(
        (
            [spelling.most_common(1)[0][0] or _("Non indicato"), spelling.total()]
            for spelling in spellings.values()
        ),
        key=lambda row: (-row[1], row[0]),
    )

    per_month = Counter(
        (local.year, local.month) for local in (timezone.localtime(row[5]) for row in received)
    )
    months = Table(_("Richieste per mese"), [_("Mese"), _("Richieste")])
    months.rows = [
        [dateformat.format(datetime.date(year, month, 1), "F Y"), per_month[year, month]]
        for year, month in months_between(start, end)
    ]

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
        for m in held
    ]

    return [
        summary,
        by_choice(_("Richieste per stato"), _("Stato"), 1, SignupRequest.Status.choices),
        by_choice(
            _("Richieste per situazione lavorativa"),
            _("Situazione lavorativa"),
            2,
            SignupRequest.WorkSituation.choices,
        ),
        by_choice(
            _("Richieste per canale (come ci hanno conosciuti)"),
            _("Canale"),
            3,
            SignupRequest.HeardFrom.choices,
            blank=_("Non indicato"),
        ),
        towns,
        months,
        attendance,
    ]


class ReportForm(forms.Form):
    # Italian names: they are the page's query parameters.
    dal = forms.DateField(
        label=gettext_lazy("Dal"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    al = forms.DateField(
        label=gettext_lazy("Al"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    gruppo = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Gruppi"),
        queryset=Group.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Nessuno spuntato: tutti i tuoi gruppi."),
    )

    def __init__(self, *args, groups, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gruppo"].queryset = groups

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("dal") and cleaned.get("al") and cleaned["al"] < cleaned["dal"]:
            self.add_error("al", _("La fine del periodo viene prima dell'inizio."))
        return cleaned


def cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return number_format(value, 1)
    return spreadsheet_safe(value) if isinstance(value, str) else str(value)


def heading_lines(start: datetime.date, end: datetime.date, groups: list[Group]) -> list[str]:
    return [
        _("Rapporto AMALav dal %(start)s al %(end)s")
        % {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"},
        _("Gruppi: %(groups)s") % {"groups": ", ".join(group.name for group in groups)},
    ]


def csv_response(tables: list[Table], heading: list[str], filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    # The byte order mark and the semicolon are what Excel in Italian expects.
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    for line in heading:
        writer.writerow([spreadsheet_safe(line)])
    for table in tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow([cell_text(header) for header in table.headers])
        for row in table.rows:
            writer.writerow([cell_text(value) for value in row])
    return response


def xlsx_response(tables: list[Table], heading: list[str], filename: str) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Rapporto")
    for line in heading:
        sheet.append([spreadsheet_safe(line)])
    for table in tables:
        sheet.append([])
        sheet.append([table.title])
        sheet.append([spreadsheet_safe(str(header)) for header in table.headers])
        for row in table.rows:
            # Labels are text (a town typed as "=..." stays text); figures stay numbers.
            sheet.append([spreadsheet_safe(v) if isinstance(v, str) else v for v in row])
    sheet.column_dimensions["A"].width = 50
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


@require_safe
def report(request: HttpRequest) -> HttpResponse:
    groups = Group.objects.coordinated_by(request.user).in_order()
    today = timezone.localdate()
    data = (
        request.GET
        if "dal" in request.GET
        else {
            "dal": (today - datetime.timedelta(days=365)).isoformat(),
            "al": today.isoformat(),
        }
    )
    form = ReportForm(data, groups=groups)
    tables = None
    chosen: list[Group] = []
    if form.is_valid():
        start, end = form.cleaned_data["dal"], form.cleaned_data["al"]
        chosen = list(form.cleaned_data["gruppo"]) or list(groups)
        # Requests for "any group" belong to nobody's group: only the superuser's whole view.
        everything = request.user.is_superuser and not form.cleaned_data["gruppo"]
        tables = build_report(chosen, start, end, include_ungrouped=everything)
        heading = heading_lines(start, end, chosen)
        filename = f"rapporto-{start:%Y-%m-%d}-{end:%Y-%m-%d}"
        if request.GET.get("formato") == "csv":
            return csv_response(tables, heading, filename)
        if request.GET.get("formato") == "xlsx":
            return xlsx_response(tables, heading, filename)
    params = request.GET.copy() if "dal" in request.GET else QueryDict(mutable=True)
    if "dal" not in params:
        params.update(data)
    downloads = {}
    for fmt in ("xlsx", "csv"):
        params["formato"] = fmt
        downloads[fmt] = "?" + params.urlencode()
    context = {
        **admin.site.each_context(request),
        "title": _("Rapporto per i finanziatori"),
        "form": form,
        "tables": tables,
        "groups": chosen,
        "downloads": downloads,
    }
    return render(request, "signups/report.html", context)
