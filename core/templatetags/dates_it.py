"""Dates the way Italians write them: "mercoledì 6 aprile 2016, ore 18:00"."""

import datetime

from django import template
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


def _local(value: datetime.datetime | datetime.date) -> datetime.datetime | datetime.date:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def day(value: datetime.datetime | datetime.date | None) -> str:
    """Weekday and date in lower case, as Italian writes them mid-sentence."""
    if not value:
        return ""
    return dateformat.format(_local(value), "l j F Y").lower()


@register.filter
def short_day(value: datetime.datetime | datetime.date | None) -> str:
    if not value:
        return ""
    return dateformat.format(_local(value), "l j F").lower()


@register.filter
def clock(value: datetime.datetime | datetime.time | None) -> str:
    if not value:
        return ""
    return dateformat.time_format(_local(value), "H:i")


@register.filter
def when(meeting) -> SafeString:
    """ "mercoledì 20 aprile 2016, ore 18:00-20:00", with an en dash the line never splits at."""
    times = format_html(
        '<span class="time-range">{}\N{EN DASH}{}</span>',
        clock(meeting.starts_at),
        clock(meeting.ends_at),
    )
    return format_html(_("{day}, ore {times}"), day=day(meeting.starts_at), times=times)
