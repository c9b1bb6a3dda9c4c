import calendar
import datetime
from collections import defaultdict

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from core.cache import GROUPS, PAGES, public_page
from core.dates import weekday_abbreviations
from meetings.forms import MeetingFilterForm
from meetings.links import subscription_links
from meetings.models import Meeting, MeetingQuerySet
from meetings.services import schedule_epoch

FIRST_YEAR, LAST_YEAR = 2013, 2100


def month_grid(meetings: MeetingQuerySet, year: int, month: int) -> dict:
    """Weeks of the month (Monday first) with each day's meetings, and its neighbours.

    The neighbours are the nearest months that have meetings (or border on one), so
    prev/next skip the empty stretches between cycles.
    """
    month_meetings = list(meetings.for_month(year, month).with_places())
    by_day: dict[datetime.date, list[Meeting]] = defaultdict(list)
    for meeting in month_meetings:
        by_day[timezone.localdate(meeting.starts_at)].append(meeting)
    weeks = [
        [(day, day.month == month, by_day.get(day, [])) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    first = datetime.date(year, month, 1)
    months = Meeting.objects.calendar_months()
    return {
        "month_start": first,
        "weeks": weeks,
        "month_meetings": month_meetings,
        "previous_month": next((m for m in reversed(months) if m < first), None),
        "next_month": next((m for m in months if m > first), None),
        "month_is_linked": first in months,
        "today": timezone.localdate(),
        "weekday_headers": weekday_abbreviations(),
    }


@require_safe
@public_page(params=("gruppo",), families=(GROUPS, PAGES))
def meeting_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = MeetingFilterForm(request.GET)
    meetings = form.filter(Meeting.objects.all())
    slug = form.chosen_group()
    feed = reverse("meetings:group-feed", args=[slug]) if slug else reverse("meetings:feed")
    context = {
        # Read only when the calendar is not already rendered for this schedule.
        "grid": SimpleLazyObject(lambda: month_grid(meetings, today.year, today.month)),
        "upcoming": meetings.upcoming().with_places(),
        "schedule": schedule_epoch(),
        "form": form,
        "month_query": form.query(),
        "calendar_links": subscription_links(request, feed),
    }
    return render(request, "meetings/meeting_list.html", context)


@require_safe
@public_page(params=("gruppo",), families=(GROUPS, PAGES))
def month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        raise Http404("month out of range")
    # The group chosen on the calendar page travels with the month links.
    form = MeetingFilterForm(request.GET)
    grid = month_grid(form.filter(Meeting.objects.all()), year, month)
    if not grid["month_is_linked"]:
        raise Http404("no meetings in or next to this month")
    context = {"grid": grid, "schedule": schedule_epoch(), "month_query": form.query()}
    return render(request, "meetings/meeting_month.html", context)
