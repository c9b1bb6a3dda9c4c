import pytest
from django.contrib.auth.models import Group as PermissionGroup
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from signups.models import Attendance, Participant, SignupRequest

pytestmark = pytest.mark.django_db


def test_participant_list_has_tap_to_call_and_email_links(coordinator_client, group, make_signup):
    lucia = make_signup(
        group,
        first_name="Lucia",
        phone="+393487654321",
        email="lucia@example.org",
        status=SignupRequest.Status.ACCEPTED,
        accepted_at=timezone.now(),
    )
    make_signup(group, first_name="Nuovarichiesta")
    meeting = Meeting.objects.create(group=group, number=1, starts_at=timezone.now())
    Attendance.objects.create(meeting=meeting, participant=lucia, status="presente")
    response = coordinator_client.get(
        reverse("admin:signups_participant_changelist") + f"?group__id__exact={group.pk}"
    )
    page = response.content.decode()
    assert response.context["cl"].result_list[0].presences == 1
    assert 'href="tel:+393487654321"' in page
    assert 'href="mailto:lucia@example.org"' in page
    assert "Nuovarichiesta" not in page


def test_coordinator_sees_only_participants_of_their_groups(
    coordinator_client, make_group, venue, make_signup
):
    other = make_group(venue=venue, name="AMALav Seveso", slug="seveso", town="Seveso")
    stranger = make_signup(
        other, first_name="Estraneo", status="accettata", accepted_at=timezone.now()
    )
    page = coordinator_client.get(reverse("admin:signups_participant_changelist"))
    assert "Estraneo" not in page.content.decode()
    change = reverse("admin:signups_participant_change", args=[stranger.pk])
    assert coordinator_client.get(change).status_code == 302  # to the admin home


def test_coordinator_adds_a_person_who_turned_up(coordinator_client, coordinator, group):
    response = coordinator_client.post(
        reverse("admin:signups_participant_add"),
        {
            "first_name": "Giovanni",
            "last_name": "Colombo",
            "email": "",
            "phone": "333 123 4567",
            "town": "Seveso",
            "work_situation": "disoccupato",
            "group": group.pk,
            "heard_from": "",
            "internal_notes": "",
        },
    )
    assert response.status_code == 302
    person = Participant.objects.get()
    assert person.phone == "+393331234567"
    assert person.status == SignupRequest.Status.ACCEPTED
    assert person.accepted_at is not None
    assert person.handled_by == coordinator
    assert person.privacy_version


def test_adding_a_person_checks_the_phone_like_the_public_form(coordinator_client, group):
    response = coordinator_client.post(
        reverse("admin:signups_participant_add"),
        {
            "first_name": "Giovanni",
            "last_name": "Colombo",
            "email": "",
            "phone": "12",
            "town": "Seveso",
            "work_situation": "disoccupato",
            "group": group.pk,
        },
    )
    assert response.status_code == 200
    assert "Questo numero di telefono non sembra corretto" in response.content.decode()
    empty = coordinator_client.post(
        reverse("admin:signups_participant_add"),
        {
            "first_name": "Giovanni",
            "last_name": "Colombo",
            "town": "Seveso",
            "work_situation": "disoccupato",
            "group": group.pk,
        },
    )
    assert "Indica almeno un&#x27;email o un numero di telefono" in empty.content.decode()
    assert not SignupRequest.objects.exists()


def test_withdrawing_asks_an_optional_reason_and_keeps_attendance(
    coordinator_client, coordinator, planned_group, make_signup
):
    person = make_signup(planned_group, status="accettata", accepted_at=timezone.now())
    Attendance.objects.create(
        meeting=planned_group.meetings.first(), participant=person, status="presente"
    )
    url = reverse("admin:signups_participant_changelist")
    selection = {"action": "withdraw", "_selected_action": [person.pk]}
    confirm = coordinator_client.post(url, selection)
    assert confirm.status_code == 200
    assert "Motivo del ritiro" in confirm.content.decode()
    done = coordinator_client.post(url, {**selection, "apply": "1", "reason": "Ha trovato lavoro"})
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.status == SignupRequest.Status.WITHDRAWN
    assert person.withdrawal_reason == "Ha trovato lavoro"
    assert person.withdrawn_at is not None
    assert person.attendances.count() == 1


def test_coordinators_may_keep_registers_and_participant_lists(db):
    codenames = set(
        PermissionGroup.objects.get(name="Coordinatori").permissions.values_list(
            "codename", flat=True
        )
    )
    assert {
        "view_participant",
        "add_participant",
        "change_participant",
        "add_attendance",
        "change_attendance",
    } <= codenames
    assert "delete_participant" not in codenames


def test_participant_list_prints_without_the_admin_controls(coordinator_client):
    page = coordinator_client.get(reverse("admin:signups_participant_changelist")).content
    assert b'admin-print.css" media="print"' in page


def test_a_name_with_a_direction_override_is_refused_on_the_participant_form(
    coordinator_client, group
):
    response = coordinator_client.post(
        reverse("admin:signups_participant_add"),
        {
            "first_name": "Anna\u202e",
            "last_name": "Colombo",
            "email": "anna@example.org",
            "phone": "",
            "town": "Seveso",
            "work_situation": "disoccupato",
            "group": group.pk,
            "heard_from": "",
            "internal_notes": "",
        },
    )
    assert response.status_code == 200
    assert "direzione" in response.content.decode()
    assert not Participant.objects.exists()


def test_a_person_added_by_a_coordinator_gets_the_welcome(
    coordinator_client, planned_group, delivered
):
    response = coordinator_client.post(
        reverse("admin:signups_participant_add"),
        {
            "first_name": "Giovanni",
            "last_name": "Colombo",
            "email": "giovanni@example.org",
            "phone": "",
            "town": "Seveso",
            "work_situation": "disoccupato",
            "group": planned_group.pk,
            "heard_from": "",
            "internal_notes": "",
        },
    )
    assert response.status_code == 302
    welcomes = [m for m in delivered() if m.to == ["giovanni@example.org"]]
    assert len(welcomes) == 1
    assert "Benvenut" in welcomes[0].subject


def test_setting_a_request_to_withdrawn_on_its_page_takes_the_person_off_the_registers(
    coordinator_client, planned_group, make_signup
):
    person = make_signup(
        planned_group, status="accettata", accepted_at=timezone.now(), phone="+393481234567"
    )
    url = reverse("admin:signups_signuprequest_change", args=[person.pk])
    form = coordinator_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name in form.fields
    }
    data.update({"status": SignupRequest.Status.WITHDRAWN, "group": planned_group.pk})
    response = coordinator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person.refresh_from_db()
    assert person.withdrawn_at is not None
    later = planned_group.meetings.upcoming().last()
    assert person not in SignupRequest.objects.on_register_of(later)
