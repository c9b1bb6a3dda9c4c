import datetime
import itertools

import pytest
from django.utils import timezone

from meetings.models import Meeting
from meetings.services import plan_cycle

pytestmark = pytest.mark.django_db


def local_days(group) -> list[datetime.date]:
    return [timezone.localdate(m.starts_at) for m in group.meetings.order_by("number")]


def test_cycle_from_17_march_2016_has_18_fortnightly_thursdays_at_six_pm(make_group, venue):
    group = make_group(venue=venue, start_date=datetime.date(2016, 3, 17))
    created = plan_cycle(group)
    assert len(created) == 18
    days = local_days(group)
    assert days[0] == datetime.date(2016, 3, 17)
    assert days[1] == datetime.date(2016, 3, 31)
    assert days[-1] == datetime.date(2016, 11, 10)
    assert all(b - a == datetime.timedelta(days=14) for a, b in itertools.pairwise(days))
    # 27 March 2016 moved Italy to summer time: the wall clock must not move with it.
    assert {timezone.localtime(m.starts_at).time() for m in created} == {datetime.time(18, 0)}
    assert {m.duration for m in created} == {datetime.timedelta(hours=2)}


def test_public_holidays_are_skipped_and_the_cycle_still_has_18_meetings(make_group, venue):
    # Mondays from 3 April 2017: Easter Monday (17 April) and 1 May fall on the cycle.
    group = make_group(venue=venue, start_date=datetime.date(2017, 4, 3))
    plan_cycle(group)
    days = local_days(group)
    assert len(days) == 18
    assert datetime.date(2017, 4, 17) not in days
    assert datetime.date(2017, 5, 1) not in days
    assert days[:3] == [
        datetime.date(2017, 4, 3),
        datetime.date(2017, 5, 15),
        datetime.date(2017, 5, 29),
    ]
    assert list(group.meetings.order_by("number").values_list("number", flat=True)) == list(
        range(1, 19)
    )


def test_liberation_day_is_skipped(make_group, venue):
    group = make_group(venue=venue, start_date=datetime.date(2016, 4, 11))
    plan_cycle(group)
    days = local_days(group)
    assert datetime.date(2016, 4, 25) not in days
    assert days[1] == datetime.date(2016, 5, 9)
    assert len(days) == 18


def test_the_towns_patron_saint_day_is_skipped(make_group, venue):
    group = make_group(
        venue=venue,
        start_date=datetime.date(2016, 4, 12),
        patron_saint_day=datetime.date(2000, 4, 26),
    )
    plan_cycle(group)
    days = local_days(group)
    assert datetime.date(2016, 4, 26) not in days
    assert days[1] == datetime.date(2016, 5, 10)
    assert len(days) == 18


def test_planning_twice_creates_nothing_new(planned_group):
    before = list(planned_group.meetings.values_list("pk", "number", "starts_at"))
    assert plan_cycle(planned_group) == []
    assert list(planned_group.meetings.values_list("pk", "number", "starts_at")) == before


def test_planning_again_fills_only_missing_meetings_and_keeps_moved_ones(planned_group):
    moved = planned_group.meetings.get(number=3)
    moved.move_to(moved.starts_at + datetime.timedelta(days=1))
    moved.save()
    planned_group.meetings.filter(number__in=[7, 8]).delete()
    created = plan_cycle(planned_group)
    assert sorted(m.number for m in created) == [7, 8]
    moved.refresh_from_db()
    assert moved.status == Meeting.Status.MOVED
    assert planned_group.meetings.count() == 18


def test_a_longer_cycle_is_completed_by_planning_again(planned_group):
    planned_group.cycle_length = 20
    planned_group.save()
    created = plan_cycle(planned_group)
    assert [m.number for m in created] == [19, 20]


def test_moving_a_meeting_keeps_its_number_and_the_date_first_announced(planned_group):
    meeting = planned_group.meetings.get(number=4)
    original = meeting.starts_at
    meeting.move_to(original + datetime.timedelta(days=7))
    meeting.save()
    meeting.move_to(original + datetime.timedelta(days=8))
    meeting.save()
    meeting.refresh_from_db()
    assert meeting.number == 4
    assert meeting.moved_from == original
    assert meeting.status == Meeting.Status.MOVED
    assert meeting.sequence == 2
    assert meeting.ends_at == meeting.starts_at + meeting.duration


def test_upcoming_meetings_are_those_not_yet_over(planned_group):
    now = timezone.now()
    upcoming = list(Meeting.objects.upcoming())
    assert 0 < len(upcoming) < 18
    assert all(m.ends_at >= now for m in upcoming)
    assert all(m.ends_at < now for m in Meeting.objects.exclude(pk__in=[m.pk for m in upcoming]))
    first = planned_group.meetings.get(number=1)
    local = timezone.localtime(first.starts_at)
    assert first in Meeting.objects.for_month(local.year, local.month)


def test_month_follows_rome_time_not_utc(group):
    rome = timezone.get_default_timezone()
    late_march = Meeting.objects.create(
        group=group, number=1, starts_at=datetime.datetime(2016, 3, 31, 23, 30, tzinfo=rome)
    )
    # 00:30 in Rome on 1 April is still 31 March in UTC.
    early_april = Meeting.objects.create(
        group=group, number=2, starts_at=datetime.datetime(2016, 4, 1, 0, 30, tzinfo=rome)
    )
    assert list(Meeting.objects.for_month(2016, 3)) == [late_march]
    assert list(Meeting.objects.for_month(2016, 4)) == [early_april]
    assert list(Meeting.objects.for_month(2016, 12)) == []


def test_cycle_from_9_december_skips_christmas_and_august_closures_keeping_18(make_group, venue):
    from meetings.models import ClosurePeriod

    group = make_group(venue=venue, start_date=datetime.date(2026, 12, 9))
    ClosurePeriod.objects.create(
        start=datetime.date(2026, 12, 21), end=datetime.date(2027, 1, 6), reason="Natale"
    )
    ClosurePeriod.objects.create(
        group=group,
        start=datetime.date(2027, 8, 1),
        end=datetime.date(2027, 8, 31),
        reason="Agosto",
    )
    plan_cycle(group)
    days = local_days(group)
    assert len(days) == 18
    assert datetime.date(2026, 12, 23) not in days
    assert days[1] == datetime.date(2027, 1, 20)
    assert not [day for day in days if day.year == 2027 and day.month == 8]


def test_another_groups_closure_does_not_move_this_groups_meetings(make_group, venue):
    from meetings.models import ClosurePeriod

    group = make_group(venue=venue, start_date=datetime.date(2026, 12, 9))
    other = make_group(venue=venue, name="Seveso", slug="seveso", town="Seveso")
    ClosurePeriod.objects.create(
        group=other,
        start=datetime.date(2026, 12, 21),
        end=datetime.date(2027, 1, 6),
        reason="Natale",
    )
    plan_cycle(group)
    assert datetime.date(2026, 12, 23) in local_days(group)
