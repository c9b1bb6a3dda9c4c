"""The admin home: what a coordinator needs today, for their own groups."""

import datetime

from django.contrib.auth.models import AbstractUser
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext

from core.models import Message
from groups.models import Group
from groups.visibility import follows_requests_without_group
from meetings.models import Meeting
from signups.models import PlaceOffer, SentMessage, SignupRequest

MESSAGES_SHOWN = 20


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
    return {
        "dashboard_new_requests": new_requests(user, groups),
        "dashboard_groups": list(groups.in_order()),
        "dashboard_weeks": weeks_of_meetings(user),
        "dashboard_empty_registers": empty_registers(user),
        "dashboard_contacted": contacted_waiting(user),
        "dashboard_offers": open_offers(user),
        "dashboard_messages": messages_to_look_at(user),
        "dashboard_calls": calls_to_make(user),
        "dashboard_sms_count": sms_this_month(user),
    }


def weeks_of_meetings(user: AbstractUser) -> list[dict]:
    """Last week's, this week's and next week's meetings, each with its register."""
    start, _end = this_week()
    week = datetime.timedelta(days=7)
    meetings = list(
        Meeting.objects.visible_to(user)
        .filter(starts_at__gte=start - week, starts_at__lt=start + 2 * week)
        .select_related("group")
        .annotate(lines=Count("attendances"))
        .order_by("starts_at", "group__name", "pk")
    )
    titles = [gettext("La settimana scorsa"), gettext("Questa settimana"), gettext("La prossima")]
    return [
        {
            "title": title,
            "meetings": [m for m in meetings if monday <= m.starts_at < monday + week],
        }
        for title, monday in zip(titles, (start - week, start, start + week), strict=True)
    ]


def empty_registers(user: AbstractUser) -> list[Meeting]:
    """Meetings held in the last eight weeks whose register nobody filled in."""
    now = timezone.now()
    return list(
        Meeting.objects.visible_to(user)
        .taking_place()
        .filter(ends_at__lt=now, starts_at__gte=now - datetime.timedelta(weeks=8))
        .filter(attendances__isnull=True)
        .select_related("group")
        .order_by("starts_at", "group__name")[:MESSAGES_SHOWN]
    )


def contacted_waiting(user: AbstractUser) -> dict:
    """Requests contacted and still waiting for a decision, the longest waiting first."""
    waiting = SignupRequest.objects.visible_to(user).filter(
        status=SignupRequest.Status.CONTACTED, anonymised_at__isnull=True
    )
    url = reverse("admin:signups_signuprequest_changelist")
    return {
        "count": waiting.count(),
        "oldest": list(waiting.select_related("group").order_by("handled_at", "pk")[:5]),
        "url": f"{url}?{urlencode({'status__exact': SignupRequest.Status.CONTACTED})}",
    }


def open_offers(user: AbstractUser) -> list[PlaceOffer]:
    """Places offered from the waiting list and not yet answered, the soonest to lapse first."""
    return list(
        PlaceOffer.objects.visible_to(user)
        .open()
        .select_related("signup", "group")
        .order_by("expires_at", "pk")[:MESSAGES_SHOWN]
    )


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
        ).in_order()
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


def messages_to_look_at(user: AbstractUser) -> list[SentMessage]:
    """Emails and SMS about the user's people not delivered: waiting for a retry, or failed
    for good; notices to the coordinators themselves included. Newest first."""
    return list(
        SentMessage.objects.visible_to(user)
        .filter(message__in=Message.objects.waiting_or_failed())
        .select_related("signup", "message")
        .order_by("-message__created_at")[:MESSAGES_SHOWN]
    )


def calls_to_make(user: AbstractUser) -> list[SentMessage]:
    """The call list: people without email or mobile, each message they should have had."""
    return list(
        SentMessage.objects.visible_to(user)
        .filter(message__channel=Message.Channel.CALL, message__status__in=Message.WAITING)
        .select_related("signup", "signup__group", "message")
        .order_by("message__created_at")[:MESSAGES_SHOWN]
    )


def sms_this_month(user: AbstractUser) -> int:
    """Text messages sent since the first of the month: they cost money."""
    first = timezone.localdate().replace(day=1)
    since = datetime.datetime.combine(
        first, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    return (
        SentMessage.objects.visible_to(user)
        .filter(
            message__channel=Message.Channel.SMS,
            message__status=Message.Status.SENT,
            message__sent_at__gte=since,
        )
        .count()
    )
