import calendar
import datetime
from collections import defaultdict

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from core.cache import public_page
from core.dates import weekday_abbreviations
from meetings.models import Meeting

FIRST_YEAR, LAST_YEAR = 2013, 2100


def month_grid(year: int, month: int) -> dict:
    """Weeks of the month (Monday first) with each day's meetings, and its neighbours."""
    meetings = list(Meeting.objects.for_month(year, month).with_places())
    by_day: dict[datetime.date, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        by_day[timezone.localdate(meeting.starts_at)].append(meeting)
    weeks = [
        [(day, day.month == month, by_day.get(day, [])) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    first = datetime.date(year, month, 1)
    previous = first - datetime.timedelta(days=1)
    following = first + datetime.timedelta(days=calendar.monthrange(year, month)[1])
    return {
        "month_start": first,
        "weeks": weeks,
        "month_meetings": meetings,
        "previous_month": previous if previous.year >= FIRST_YEAR else None,
        "next_month": following if following.year <= LAST_YEAR else None,
        "today": timezone.localdate(),
        "weekday_headers": weekday_abbreviations(),
    }


@require_safe
@public_page
def meeting_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = month_grid(today.year, today.month)
    context["upcoming"] = Meeting.objects.upcoming().with_places()
    return render(request, "meetings/meeting_list.html", context)


@require_safe
@public_page
def month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        raise Http404("month out of range")
    return render(request, "meetings/meeting_month.html", month_grid(year, month))
