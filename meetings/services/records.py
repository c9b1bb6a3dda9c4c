"""The record of a calendar change, from which the worker announces it to participants."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils import timezone

from groups.models import Group
from meetings.models import ChangedMeeting, Meeting, ScheduleChange

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser


def record_change(
    group: Group,
    kind: str,
    changed: Iterable[tuple[Meeting, Meeting]],
    by: AbstractUser | None,
    reason: str = "",
) -> ScheduleChange | None:
    """Records a change of `(meeting as now, meeting as before)` pairs to announce.

    Meetings already over before and after need no notice; a change that touches none of
    the rest records nothing.
    """
    now = timezone.now()
    pairs = [
        (meeting, before)
        for meeting, before in changed
        if meeting.ends_at >= now or before.ends_at >= now
    ]
    if not pairs:
        return None
    change = ScheduleChange.objects.create(group=group, kind=kind, reason=reason, made_by=by)
    ChangedMeeting.objects.bulk_create(
        ChangedMeeting(
            change=change,
            meeting=meeting,
            previous_start=before.starts_at,
            previous_status=before.status,
        )
        for meeting, before in pairs
    )
    return change


def snapshot(meeting: Meeting) -> Meeting:
    """The meeting as it is stored, locked until the transaction ends."""
    return Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
