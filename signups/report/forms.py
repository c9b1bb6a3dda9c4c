"""The report's period and groups, as the page's query parameters."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groups.models import Group
from meetings.models import Meeting

# Wider than any real report needs; narrow enough that no date sum overflows and no
# request makes the report count a century of months.
FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)
LONGEST_PERIOD_YEARS = 10


def within_bounds(day: datetime.date) -> None:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(
            _("Scegli una data dal %(first)d al %(last)d."),
            code="out_of_bounds",
            params={"first": FIRST_DAY.year, "last": LAST_DAY.year},
        )


def last_day_allowed(start: datetime.date) -> datetime.date:
    """The last day of the longest period that begins on `start`."""
    longest = start + relativedelta(years=LONGEST_PERIOD_YEARS) - datetime.timedelta(days=1)
    return min(longest, LAST_DAY)


def default_period(groups: QuerySet[Group]) -> tuple[datetime.date, datetime.date]:
    """The last year and on to the last meeting still planned: what happened and what is
    still to come in the running cycles."""
    today = timezone.localdate()
    start = today - datetime.timedelta(days=365)
    last = (
        Meeting.objects.filter(group__in=groups)
        .taking_place()
        .upcoming()
        .aggregate(last=Max("starts_at"))["last"]
    )
    end = today if last is None else max(today, timezone.localdate(last))
    return start, min(end, last_day_allowed(start))


def date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        validators=[within_bounds],
        widget=forms.DateInput(
            attrs={"type": "date", "min": FIRST_DAY.isoformat(), "max": LAST_DAY.isoformat()},
            format="%Y-%m-%d",
        ),
    )


class ReportForm(forms.Form):
    # Italian names: they are the page's query parameters.
    dal = date_field(gettext_lazy("Dal"))
    al = date_field(gettext_lazy("Al"))
    gruppo = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Gruppi"),
        queryset=Group.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Nessuno spuntato: tutti i tuoi gruppi."),
    )

    def __init__(self, *args, groups: QuerySet[Group], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gruppo"].queryset = groups

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("dal"), cleaned.get("al")
        if start and end and end < start:
            self.add_error("al", _("La fine del periodo viene prima dell'inizio."))
        elif start and end and end > last_day_allowed(start):
            self.add_error(
                "al",
                _("Il periodo può durare al massimo %(years)d anni.")
                % {"years": LONGEST_PERIOD_YEARS},
            )
        return cleaned
