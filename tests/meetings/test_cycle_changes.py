"""Issue 10: public dates follow the planned calendar; deleting a meeting is for superusers."""

import datetime

import pytest
from django.contrib.auth.models import Group as PermissionGroup
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from meetings.services import plan_cycle

pytestmark = pytest.mark.django_db

# Tuesday 8 December 2026 is the Immacolata, a public holiday: meeting 1 falls on the 22nd.
HOLIDAY_START = datetime.date(2026, 12, 8)


def test_public_pages_announce_the_first_planned_meeting_not_a_holiday_start(client, group):
    group.start_date = HOLIDAY_START
    group.save()
    plan_cycle(group)
    assert timezone.localdate(group.meetings.get(number=1).starts_at) == datetime.date(2026, 12, 22)
    for url in (reverse("groups:list"), reverse("groups:detail", args=[group.slug])):
        page = client.get(url).content.decode()
        assert "22 dicembre 2026" in page
        assert "8 dicembre 2026" not in page


def test_start_date_changed_after_planning_does_not_change_the_announced_date(client, group):
    group.start_date = timezone.localdate() + datetime.timedelta(days=14)
    group.save()
    plan_cycle(group)
    planned = timezone.localdate(group.meetings.get(number=1).starts_at)
    group.start_date += datetime.timedelta(days=7)
    group.save()
    assert plan_cycle(group) == []
    page = client.get(reverse("groups:list")).content.decode()
    from core.templatetags.dates_it import day

    assert day(planned) in page
    assert day(group.start_date) not in page


def test_admin_warns_when_the_start_date_is_a_holiday_or_differs_from_meeting_one(
    admin_client, group
):
    group.start_date = HOLIDAY_START
    group.save()
    plan_cycle(group)
    page = admin_client.get(reverse("admin:groups_group_change", args=[group.pk])).content.decode()
    assert "è un giorno festivo" in page
    assert "l&#x27;incontro 1 è in calendario il martedì 22 dicembre 2026" in page


def test_shift_action_moves_every_future_meeting_taking_place_and_calendars_follow(
    admin_client, planned_group
):
    meetings = {m.number: m for m in planned_group.meetings.all()}
    past = [n for n, m in meetings.items() if m.starts_at < timezone.now()]
    future = [n for n, m in meetings.items() if m.starts_at > timezone.now()]
    moved, cancelled = meetings[future[0]], meetings[future[1]]
    moved.move_to(moved.starts_at + datetime.timedelta(days=1))
    moved.save()
    cancelled.cancel()
    cancelled.save()
    before = {m.number: (m.starts_at, m.sequence) for m in planned_group.meetings.all()}

    response = admin_client.post(
        reverse("admin:groups_group_changelist"),
        {"action": "shift_meetings", "_selected_action": [planned_group.pk], "weeks": "2"},
        follow=True,
    )

    assert "spostati" in response.content.decode()
    after = {m.number: m for m in planned_group.meetings.all()}
    for number in [*past, cancelled.number]:
        assert (after[number].starts_at, after[number].sequence) == before[number]
    for number in [moved.number, *future[2:]]:
        meeting = after[number]
        expected = timezone.localtime(before[number][0]) + datetime.timedelta(weeks=2)
        assert timezone.localtime(meeting.starts_at).date() == expected.date()
        assert timezone.localtime(meeting.starts_at).time() == datetime.time(18, 0)
        assert meeting.sequence == before[number][1] + 1
        assert meeting.status == Meeting.Status.MOVED
    feed = admin_client.get(reverse("meetings:group-feed", args=[planned_group.slug]))
    assert f"SEQUENCE:{after[future[-1]].sequence}" in feed.content.decode()


def test_shifting_after_a_postponing_closure_moves_the_postponed_meetings(
    admin_client, planned_group
):
    ahead = planned_group.meetings.ahead().first()
    day = timezone.localdate(ahead.starts_at)
    admin_client.post(
        reverse("admin:meetings_closureperiod_add"),
        {
            "start": day.strftime("%d/%m/%Y"),
            "end": day.strftime("%d/%m/%Y"),
            "group": planned_group.pk,
            "reason": "Sala chiusa",
            "handling": "rimanda",
        },
    )
    postponed = {m.pk: m.starts_at for m in planned_group.meetings.ahead()}
    assert postponed

    response = admin_client.post(
        reverse("admin:groups_group_changelist"),
        {"action": "shift_meetings", "_selected_action": [planned_group.pk], "weeks": "1"},
        follow=True,
    )

    assert f"spostati {len(postponed)} incontri" in response.content.decode()
    for meeting in planned_group.meetings.filter(pk__in=postponed):
        days = timezone.localdate(meeting.starts_at) - timezone.localdate(postponed[meeting.pk])
        assert days == datetime.timedelta(weeks=1)


def test_shift_action_asks_how_many_weeks(admin_client, planned_group):
    response = admin_client.post(
        reverse("admin:groups_group_changelist"),
        {"action": "shift_meetings", "_selected_action": [planned_group.pk], "weeks": ""},
        follow=True,
    )
    assert "Indica di quante settimane" in response.content.decode()


def test_coordinators_cannot_delete_meetings(log_in, client, coordinator, planned_group):
    meeting = planned_group.meetings.get(number=3)
    assert "delete_meeting" not in set(
        PermissionGroup.objects.get(name="Coordinatori").permissions.values_list(
            "codename", flat=True
        )
    )
    coordinator.user_permissions.add(
        *PermissionGroup.objects.get(name="Coordinatori").permissions.all()
    )
    log_in(client, coordinator)
    response = client.post(
        reverse("admin:meetings_meeting_delete", args=[meeting.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    page = client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    assert reverse("admin:meetings_meeting_delete", args=[meeting.pk]) not in page.content.decode()
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_superuser_deletion_warns_about_calendars_and_pages_count_what_is_listed(
    admin_client, client, planned_group
):
    meeting = planned_group.meetings.get(number=3)
    url = reverse("admin:meetings_meeting_delete", args=[meeting.pk])
    assert "sparisce dal sito e dai calendari" in admin_client.get(url).content.decode()
    admin_client.post(url, {"post": "yes"})
    assert planned_group.meetings.count() == 17
    assert sorted(planned_group.meetings.values_list("number", flat=True)) == list(range(1, 18))
    page = client.get(reverse("groups:detail", args=[planned_group.slug])).content.decode()
    assert "di 18" not in page and "18 incontri" not in page
    assert "incontro 17 di 17" in page
