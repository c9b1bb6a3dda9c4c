"""Italian names of the days, in one place for models, views and template filters."""

import datetime

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
