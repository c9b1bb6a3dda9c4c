import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import Group
from meetings.models import Meeting

pytestmark = pytest.mark.django_db


def change_form_data(meeting: Meeting, starts_at: datetime.datetime, status: str) -> dict:
    local = timezone.localtime(starts_at)
    return {
        "group": meeting.group.pk,
        "number": meeting.number,
        "starts_at_0": local.strftime("%d/%m/%Y"),
        "starts_at_1": local.strftime("%H:%M:%S"),
        "duration": "02:00:00",
        "status": status,
        "venue": "",
        "topic": "",
        "public_note": "",
        "internal_note": "",
    }


def test_moving_a_meeting_in_the_admin_records_the_old_date(admin_client, planned_group):
    meeting = planned_group.meetings.get(number=2)
    old = meeting.starts_at
    new = old + datetime.timedelta(days=7)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    response = admin_client.post(url, change_form_data(meeting, new, meeting.status))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == new
    assert meeting.moved_from == old
    assert meeting.number == 2
    assert meeting.status == Meeting.Status.MOVED
    assert meeting.sequence == 1


def test_cancel_action_cancels_the_selected_meetings_with_a_reason(admin_client, planned_group):
    chosen = list(planned_group.meetings.filter(number__in=[3, 4]).values_list("pk", flat=True))
    response = admin_client.post(
        reverse("admin:meetings_meeting_changelist"),
        {
            "action": "cancel_meetings",
            "_selected_action": chosen,
            "confirm": "1",
            "reason": "Sciopero dei trasporti.",
        },
        follow=True,
    )
    assert "2 incontri annullati" in response.content.decode()
    assert set(Meeting.objects.filter(pk__in=chosen).values_list("public_note", flat=True)) == {
        "Sciopero dei trasporti."
    }
    assert set(
        Meeting.objects.filter(status=Meeting.Status.CANCELLED).values_list("pk", flat=True)
    ) == set(chosen)


def plan(admin_client, group: Group):
    return admin_client.post(
        reverse("admin:groups_group_changelist"),
        {"action": "plan_meetings", "_selected_action": [group.pk]},
        follow=True,
    )


def test_plan_action_creates_the_cycle_and_says_how_many(admin_client, group):
    response = plan(admin_client, group)
    assert "creati 18 incontri" in response.content.decode()
    assert group.meetings.count() == 18
    again = plan(admin_client, group)
    assert "il ciclo è già completo" in again.content.decode()
    assert group.meetings.count() == 18


def test_plan_action_explains_a_missing_start_date(admin_client, group):
    Group.objects.filter(pk=group.pk).update(start_date=None)
    response = plan(admin_client, group)
    assert "manca la data del primo incontro" in response.content.decode()
    assert group.meetings.count() == 0


def test_moving_a_meeting_onto_a_public_holiday_warns(admin_client, planned_group):
    meeting = planned_group.meetings.get(number=2)
    local = timezone.localtime(meeting.starts_at)
    christmas = local.replace(year=local.year + 1, month=12, day=25)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    response = admin_client.post(
        url, change_form_data(meeting, christmas, meeting.status), follow=True
    )
    page = response.content.decode()
    assert "Attenzione: il 25/12/" in page
    assert "Natale" in page


def test_moving_a_meeting_into_a_closure_warns_with_its_reason(admin_client, planned_group):
    from meetings.models import ClosurePeriod

    meeting = planned_group.meetings.get(number=2)
    new = meeting.starts_at + datetime.timedelta(days=7)
    day = timezone.localdate(new)
    ClosurePeriod.objects.create(start=day, end=day, reason="Sala in ristrutturazione")
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    response = admin_client.post(url, change_form_data(meeting, new, meeting.status), follow=True)
    assert "Sala in ristrutturazione" in response.content.decode()


def test_planning_a_complete_cycle_says_so_instead_of_creating_zero(admin_client, planned_group):
    response = admin_client.post(
        reverse("admin:groups_group_changelist"),
        {"action": "plan_meetings", "_selected_action": [planned_group.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "il ciclo è già completo" in page
    assert "creati 0" not in page
