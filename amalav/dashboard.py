"""The admin home: what a coordinator needs today, for their own groups."""

import datetime

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from post_office.models import STATUS

from groups.models import Group
from meetings.models import Meeting
from signups.models import SentEmail, SignupRequest

FAILED_EMAILS_SHOWN = 20


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
        ).in_order()
    ]
    start, end = this_week()
    meetings = (
        Meeting.objects.filter(group__in=groups, starts_at__gte=start, starts_at__lt=end)
        .select_related("group")
        .order_by("starts_at", "pk")
    )
    return {
        "dashboard_new_requests": new_requests,
        "dashboard_meetings": meetings,
        "dashboard_failed_emails": failed_emails(request, groups),
    }


def failed_emails(request: HttpRequest, groups) -> list[dict]:
    """Messages to the coordinator's people that the mail server refused, newest first.

    Each links to the person's request, where the coordinator can send it again.
    """
    failed = SentEmail.objects.filter(email__status=STATUS.failed).select_related("signup", "email")
    if not request.user.is_superuser:  # a superuser also sees requests made for no group
        failed = failed.filter(signup__group__in=groups)
    return [
        {
            "signup": sent.signup,
            "subject": sent.email.subject,
            "queued_at": sent.email.created,
            "url": reverse("admin:signups_signuprequest_change", args=[sent.signup_id]),
        }
        for sent in failed.order_by("-email__created")[:FAILED_EMAILS_SHOWN]
    ]
