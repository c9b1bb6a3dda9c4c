"""The admin home: what a coordinator needs today, for their own groups."""

import datetime

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from groups.models import Group
from meetings.models import Meeting
from signups.models import SignupRequest


def this_week() -> tuple[datetime.datetime, datetime.datetime]:
    """Monday 00:00 to the next Monday 00:00, Rome time."""
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(monday, datetime.time.min, tzinfo=tz)
    return start, start + datetime.timedelta(days=7)


def dashboard_context(request: HttpRequest) -> dict:
    groups = Group.objects.coordinated_by(request.user)
    new = SignupRequest.Status.NEW
    requests_url = reverse("admin:signups_signuprequest_changelist")
    new_requests = [
        {
            "group": group,
            "count": group.new_requests,
            "url": requests_url
            + "?"
            + urlencode({"group__id__exact": group.pk, "status__exact": new}),
        }
        for group in groups.annotate(
            new_requests=Count("signup_requests", filter=Q(signup_requests__status=new))
        ).order_by("town", "name")
    ]
    start, end = this_week()
    meetings = (
        Meeting.objects.filter(group__in=groups, starts_at__gte=start, starts_at__lt=end)
        .select_related("group")
        .order_by("starts_at")
    )
    return {
        "dashboard_new_requests": new_requests,
        "dashboard_meetings": meetings,
        # The outbox (django-post-office) fills this: emails that could not be delivered.
        "dashboard_failed_emails": None,
    }
