"""Italian names of the days and how the admin's tables write a moment, in one place for
models, views and template filters."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Monday first, as Italian calendars are laid out.
WEEKDAYS = [
    _("lunedì"),
    _("martedì"),
    _("mercoledì"),
    _("giovedì"),
    _("venerdì"),
    _("sabato"),
    _("domenica"),
]


def weekday_name(day: datetime.date) -> str:
    return str(WEEKDAYS[day.weekday()])


def weekday_abbreviations() -> list[str]:
    """ "lun", "mar", ...: the column headers of a month grid."""
    return [str(name)[:3] for name in WEEKDAYS]


def admin_moment(value: datetime.datetime | None) -> str:
    """A moment as the admin's tables write it, in Rome time: "07/12/2026 18:42"; "-" if none."""
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else "-"
