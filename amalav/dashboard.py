"""The admin home: what a coordinator needs today, for their own groups."""

import datetime

from django.contrib.auth.models import AbstractUser
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from post_office.models import STATUS

from groups.models import Group, follows_requests_without_group
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
    user = request.user
    groups = Group.objects.coordinated_by(user)
    start, end = this_week()
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("group")
        .order_by("starts_at")
    )
    return {
        "dashboard_new_requests": new_requests(user, groups),
        "dashboard_meetings": meetings,
        "dashboard_failed_emails": failed_emails(user),
    }


def new_requests(user: AbstractUser, groups: QuerySet[Group]) -> list[dict]:
    """New requests per group the user coordinates, and those made for any group."""
    new = SignupRequest.Status.NEW
    url = reverse("admin:signups_signuprequest_changelist")
    rows = [
        {
            "label": group.name,
            "count": group.new_requests,
            "url": f"{url}?{urlencode({'group__id__exact': group.pk, 'status__exact': new})}",
        }
        for group in groups.annotate(
            new_requests=Count("signup_requests", filter=Q(signup_requests__status=new))
        ).order_by("town", "name")
    ]
    if follows_requests_without_group(user):
        rows.append(
            {
                "label": gettext("Un gruppo qualsiasi"),
                "count": SignupRequest.objects.filter(group__isnull=True, status=new).count(),
                "url": f"{url}?{urlencode({'group__isnull': 'True', 'status__exact': new})}",
            }
        )
    return rows


def failed_emails(user: AbstractUser) -> list[dict]:
    """Messages to the user's people that the mail server refused, newest first.

    Each links to the person's request, where the coordinator can send it again.
    """
    failed = (
        SentEmail.objects.visible_to(user)
        .filter(email__status=STATUS.failed)
        .select_related("signup", "email")
    )
    return [
        {
            "signup": sent.signup,
            "subject": sent.email.subject,
            "queued_at": sent.email.created,
            "url": reverse("admin:signups_signuprequest_change", args=[sent.signup_id]),
        }
        for sent in failed.order_by("-email__created")[:FAILED_EMAILS_SHOWN]
    ]
