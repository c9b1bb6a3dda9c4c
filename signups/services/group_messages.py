"""A coordinator's message to everyone in a group, or to one meeting's participants."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from django.db import transaction

from groups.models import Group
from meetings.models import Meeting
from signups.models import SignupRequest
from signups.services.channels import tell

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser


def audience(group: Group, meeting: Meeting | None = None) -> list[SignupRequest]:
    """Who a message reaches: the group's participants now, or those of the meeting."""
    people = SignupRequest.objects.reachable_participants().filter(group=group)
    if meeting is not None:
        people = SignupRequest.objects.on_register_of(meeting).filter(pk__in=people.values("pk"))
    return list(people.select_related("group").order_by("last_name", "first_name", "pk"))


def channels_of(people: list[SignupRequest]) -> Counter[str]:
    """How many hear by email, by SMS and how many a coordinator must call."""
    return Counter(channel for person in people for channel in person.message_channels())


@transaction.atomic
def message_group(
    group: Group,
    subject: str,
    text: str,
    by: AbstractUser,
    meeting: Meeting | None = None,
) -> Counter[str]:
    """Queues the message to each person by their channel; each sees it on their page."""
    context = {"subject": subject, "text": text, "author": by, "meeting": meeting}
    sent: Counter[str] = Counter()
    for person in audience(group, meeting):
        sent.update(tell(person, "group-message", context))
    return sent
