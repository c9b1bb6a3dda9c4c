"""What the report reads from the database: a period's requests, meetings and registers."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from groups.models import Group
from meetings.models import Meeting
from signups.models import Attendance, SignupRequest

# One column of figures: a group's id, or None for the total of every column.
Column = int | None


@dataclass(frozen=True)
class Registers:
    """What the report counts for its groups and period, read once from the database."""

    groups: list[Group]
    # One named row a request: group, status, work_situation, heard_from, town, created_at.
    received: list[Any]
    # Counted by group; requests made for no group under None.
    received_by_group: Counter
    participants: Counter
    withdrawals: Counter
    # The period's meetings with their register's lines counted, and those held: each
    # group's, and under None every group's.
    meetings: dict[Column, list[Meeting]]
    held: dict[Column, list[Meeting]]
    # (participant, group, meetings held the person was present at)
    presences: list[tuple[int, int, int]]
    now: datetime.datetime

    @property
    def ungrouped(self) -> int:
        """Requests of the period made for no group: counted in the total column only."""
        return self.received_by_group[None]

    @property
    def columns(self) -> list[Column]:
        """A column a group, then a total where there are several groups or requests
        made for no group."""
        ids: list[Column] = [group.pk for group in self.groups]
        return [*ids, None] if len(ids) > 1 or self.ungrouped else ids


def period_bounds(start: datetime.date, end: datetime.date) -> tuple:
    """From the first day's midnight to the midnight after the last day, Rome time."""
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return since, until


def read_registers(
    groups: list[Group],
    requests: QuerySet[SignupRequest],
    start: datetime.date,
    end: datetime.date,
    now: datetime.datetime,
) -> Registers:
    """The period's requests, participants, withdrawals, meetings and presences.

    Meetings count as held when not cancelled and over by `now`; a participant is anyone
    accepted before the period ended and not withdrawn before it began.
    """
    since, until = period_bounds(start, end)
    group_ids = [group.pk for group in groups]
    status = Attendance.Status
    meetings = list(
        Meeting.objects.filter(group__in=group_ids, starts_at__gte=since, starts_at__lt=until)
        .select_related("group")
        .annotate(
            present=Count("attendances", filter=Q(attendances__status=status.PRESENT)),
            absent=Count("attendances", filter=Q(attendances__status=status.ABSENT)),
            apologised=Count("attendances", filter=Q(attendances__status=status.APOLOGISED)),
        )
        .order_by("group__town", "group__name", "group__slug", "starts_at")
    )
    held = [m for m in meetings if not m.is_cancelled and m.ends_at <= now]
    participants = requests.filter(group__in=group_ids, accepted_at__lt=until).filter(
        Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=since)
    )
    withdrawals = requests.filter(
        group__in=group_ids, withdrawn_at__gte=since, withdrawn_at__lt=until
    )
    received = list(
        requests.filter(created_at__gte=since, created_at__lt=until)
        .order_by()
        .values_list(
            "group", "status", "work_situation", "heard_from", "town", "created_at", named=True
        )
    )
    return Registers(
        groups=groups,
        received=received,
        received_by_group=Counter(row.group for row in received),
        participants=count_by_group(participants),
        withdrawals=count_by_group(withdrawals),
        meetings=by_group(meetings),
        held=by_group(held),
        presences=list(
            Attendance.objects.filter(meeting__in=[m.pk for m in held], status=status.PRESENT)
            .order_by()
            .values_list("participant", "meeting__group")
            .annotate(count=Count("pk"))
        ),
        now=now,
    )


def by_group(meetings: list[Meeting]) -> dict[Column, list[Meeting]]:
    """Each group's meetings and, under None, all of them, in their order."""
    grouped: dict[Column, list[Meeting]] = {None: meetings}
    for meeting in meetings:
        grouped.setdefault(meeting.group_id, []).append(meeting)
    return grouped


def count_by_group(requests: QuerySet[SignupRequest]) -> Counter:
    return Counter(dict(requests.order_by().values_list("group").annotate(count=Count("pk"))))
