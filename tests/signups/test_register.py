import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from signups import services
from signups.models import Attendance, SignupRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_participant(make_signup):
    def make(group, **fields) -> SignupRequest:
        return make_signup(
            group,
            status=SignupRequest.Status.ACCEPTED,
            accepted_at=timezone.now() - datetime.timedelta(days=60),
            **fields,
        )

    return make


@pytest.fixture
def meeting(planned_group) -> Meeting:
    return planned_group.meetings.get(number=2)


def test_coordinator_records_the_whole_register_in_one_tap(
    coordinator_client, coordinator, meeting, make_participant
):
    lucia = make_participant(meeting.group, first_name="Lucia")
    marco = make_participant(meeting.group, first_name="Marco")
    url = reverse("admin:register", args=[meeting.pk])
    response = coordinator_client.post(
        url, {f"presenza-{lucia.pk}": "presente", f"presenza-{marco.pk}": "assente"}
    )
    assert response.status_code == 302
    assert response.url == url
    lines = dict(meeting.attendances.values_list("participant__first_name", "status"))
    assert lines == {"Lucia": "presente", "Marco": "assente"}
    assert set(meeting.attendances.values_list("recorded_by", flat=True)) == {coordinator.pk}
    page = coordinator_client.get(url).content.decode()
    assert "Registro presenze salvato" in page


def test_apology_sent_from_a_reminder_is_prefilled_and_kept(
    coordinator_client, meeting, make_participant
):
    lucia = make_participant(meeting.group, first_name="Lucia")
    marco = make_participant(meeting.group, first_name="Marco")
    Attendance.objects.create(meeting=meeting, participant=lucia, status="giustificato")
    url = reverse("admin:register", args=[meeting.pk])
    response = coordinator_client.get(url)
    assert response.context["form"][f"presenza-{lucia.pk}"].value() == "giustificato"
    coordinator_client.post(
        url, {f"presenza-{lucia.pk}": "giustificato", f"presenza-{marco.pk}": "presente"}
    )
    apology = Attendance.objects.get(participant=lucia)
    assert apology.status == "giustificato"
    assert apology.recorded_by is None  # unchanged lines keep who recorded them


def test_coordinator_cannot_open_or_post_another_groups_register(
    coordinator_client, make_group, venue, make_participant
):
    other = make_group(venue=venue, name="AMALav Seveso", slug="seveso", town="Seveso")
    meeting = Meeting.objects.create(group=other, number=1, starts_at=timezone.now())
    stranger = make_participant(other)
    for name in ("admin:register", "admin:sign-in-sheet"):
        assert coordinator_client.get(reverse(name, args=[meeting.pk])).status_code == 404
    response = coordinator_client.post(
        reverse("admin:register", args=[meeting.pk]), {f"presenza-{stranger.pk}": "presente"}
    )
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_register_ignores_people_of_other_groups_posted_by_hand(
    coordinator_client, meeting, make_group, venue, make_participant
):
    other = make_group(venue=venue, name="AMALav Seveso", slug="seveso", town="Seveso")
    stranger = make_participant(other)
    coordinator_client.post(
        reverse("admin:register", args=[meeting.pk]), {f"presenza-{stranger.pk}": "presente"}
    )
    assert not Attendance.objects.exists()


def test_anonymous_visitor_is_sent_to_the_login(client, meeting):
    response = client.get(reverse("admin:register", args=[meeting.pk]))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def test_person_who_left_is_off_later_registers_but_stays_on_earlier_ones(
    coordinator_client, coordinator, planned_group, make_participant
):
    first, later = planned_group.meetings.get(number=1), planned_group.meetings.get(number=3)
    leaver = make_participant(planned_group, first_name="Gianni")
    Attendance.objects.create(meeting=first, participant=leaver, status="presente")
    services.withdraw([leaver], coordinator, "Ha trovato lavoro")
    leaver.withdrawn_at = first.starts_at + datetime.timedelta(days=3)
    leaver.save()
    assert (
        "Gianni"
        in coordinator_client.get(reverse("admin:register", args=[first.pk])).content.decode()
    )
    assert (
        "Gianni"
        not in coordinator_client.get(reverse("admin:register", args=[later.pk])).content.decode()
    )


def test_meetings_link_to_their_registers_in_the_admin(coordinator_client, meeting):
    url = reverse("admin:register", args=[meeting.pk])
    changelist = coordinator_client.get(reverse("admin:meetings_meeting_changelist"))
    assert url in changelist.content.decode()
    change = coordinator_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    assert url in change.content.decode()
    assert reverse("admin:sign-in-sheet", args=[meeting.pk]) in change.content.decode()


def test_sign_in_sheet_lists_names_without_contacts(coordinator_client, meeting, make_participant):
    make_participant(
        meeting.group, first_name="Lucia", last_name="Brambilla", phone="+393487654321"
    )
    page = coordinator_client.get(
        reverse("admin:sign-in-sheet", args=[meeting.pk])
    ).content.decode()
    assert "Lucia Brambilla" in page
    assert "3487654321" not in page
    assert "@example.org" not in page.replace("anna@example.org", "")
    assert 'media="print"' in page


def test_register_queries_stay_bounded_with_a_hundred_participants(
    coordinator_client, meeting, make_participant, django_assert_max_num_queries
):
    people = [make_participant(meeting.group) for _ in range(100)]
    url = reverse("admin:register", args=[meeting.pk])
    # Opening it also writes who opened whose data (accounts.access): four statements.
    with django_assert_max_num_queries(13):
        assert coordinator_client.get(url).status_code == 200
    data = {f"presenza-{p.pk}": "presente" for p in people}
    with django_assert_max_num_queries(14):
        assert coordinator_client.post(url, data).status_code == 302
    assert meeting.attendances.filter(status="presente").count() == 100


def test_person_who_joined_later_is_not_on_the_registers_of_earlier_meetings(
    coordinator_client, planned_group, make_signup
):
    first, later = planned_group.meetings.get(number=1), planned_group.meetings.get(number=3)
    newcomer = make_signup(
        planned_group,
        first_name="Maria",
        status=SignupRequest.Status.ACCEPTED,
        accepted_at=first.starts_at + datetime.timedelta(days=10),
    )
    earlier_page = coordinator_client.get(reverse("admin:register", args=[first.pk]))
    assert "Maria" not in earlier_page.content.decode()
    coordinator_client.post(
        reverse("admin:register", args=[first.pk]), {f"presenza-{newcomer.pk}": "presente"}
    )
    assert not Attendance.objects.filter(participant=newcomer).exists()
    later_page = coordinator_client.get(reverse("admin:register", args=[later.pk]))
    assert "Maria" in later_page.content.decode()


def test_a_register_of_a_meeting_not_yet_started_takes_no_lines(
    coordinator_client, planned_group, make_participant
):
    future = planned_group.meetings.upcoming().last()
    lucia = make_participant(planned_group, first_name="Lucia")
    url = reverse("admin:register", args=[future.pk])
    page = coordinator_client.get(url).content.decode()
    assert "Il registro si compila dall'inizio dell'incontro" in page
    assert 'name="presenza-' not in page
    response = coordinator_client.post(url, {f"presenza-{lucia.pk}": "presente"}, follow=True)
    assert not future.attendances.exists()
    assert "Il registro si compila dall&#x27;inizio dell&#x27;incontro" in response.content.decode()


def test_saving_the_same_ticks_twice_says_when_and_changes_nothing(
    coordinator_client, meeting, make_participant
):
    lucia = make_participant(meeting.group, first_name="Lucia")
    url = reverse("admin:register", args=[meeting.pk])
    ticks = {f"presenza-{lucia.pk}": "presente"}
    first = coordinator_client.post(url, ticks, HTTP_ACCEPT="application/json")
    again = coordinator_client.post(url, ticks, HTTP_ACCEPT="application/json")
    assert first.status_code == again.status_code == 200
    assert again.json()["saved_at"] == timezone.localtime().strftime("%H:%M")
    assert list(meeting.attendances.values_list("status", flat=True)) == ["presente"]
    assert (
        f"Salvato alle {again.json()['saved_at']}" in coordinator_client.get(url).content.decode()
    )
