"""Who opened whose data: each opening and export a line, with numbers and never names."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts import access
from accounts.models import AccessedPerson, AccessRecord
from signups.models import SignupRequest

pytestmark = pytest.mark.django_db

Action = AccessRecord.Action


def line_text(line: AccessRecord) -> str:
    """Everything a line holds, as one string to search for personal data."""
    fields = [
        line.username,
        line.address,
        line.action,
        line.target,
        line.count,
        json.dumps(line.filters),
        *line.people.values_list("person_id", flat=True),
    ]
    return " ".join(str(field) for field in fields)


@pytest.fixture
def lucia(make_signup, group) -> SignupRequest:
    return make_signup(
        group,
        first_name="Lucia",
        last_name="Brambilla",
        email="lucia.brambilla@example.org",
        phone="+393487654321",
    )


def assert_no_personal_data(line: AccessRecord) -> None:
    text = line_text(line)
    for personal in ("Lucia", "Brambilla", "lucia.brambilla", "3487654321", "Niccol"):
        assert personal not in text


def test_opening_a_request_adds_one_line_with_the_person_and_no_name(
    coordinator_client, coordinator, lucia
):
    url = reverse("admin:signups_signuprequest_change", args=[lucia.pk])
    assert coordinator_client.get(url).status_code == 200
    line = AccessRecord.objects.get(action=Action.REQUEST_OPENED)
    assert line.user == coordinator and line.username == "anna"
    assert line.address == "127.0.0.1"
    assert list(line.people.values_list("person_id", flat=True)) == [lucia.pk]
    assert line.count == 1
    assert_no_personal_data(line)


def test_opening_a_participant_page_is_recorded(coordinator_client, make_signup, group):
    person = make_signup(group, status=SignupRequest.Status.ACCEPTED, accepted_at=timezone.now())
    url = reverse("admin:signups_participant_change", args=[person.pk])
    assert coordinator_client.get(url).status_code == 200
    line = AccessRecord.objects.get(action=Action.PARTICIPANT_OPENED)
    assert line.people.get().person_id == person.pk


def test_a_request_out_of_reach_is_not_recorded_as_opened(
    coordinator_client, make_signup, other_group
):
    elsewhere = make_signup(other_group)
    url = reverse("admin:signups_signuprequest_change", args=[elsewhere.pk])
    assert coordinator_client.get(url).status_code == 302
    assert not AccessRecord.objects.filter(action=Action.REQUEST_OPENED).exists()


@pytest.mark.parametrize("name", ["csv", "xlsx"])
def test_exporting_the_list_adds_one_line_with_rows_filters_and_no_name(
    coordinator_client, coordinator, lucia, make_signup, group, name
):
    other = make_signup(group, status=SignupRequest.Status.CONTACTED)
    url = reverse(f"admin:signups_signuprequest_{name}")
    response = coordinator_client.get(url + "?status__exact=nuova&q=Brambilla")
    assert response.status_code == 200
    line = AccessRecord.objects.get(action=Action.EXPORT)
    assert line.user == coordinator
    assert line.count == 1
    assert list(line.people.values_list("person_id", flat=True)) == [lucia.pk]
    assert other.pk not in line.people.values_list("person_id", flat=True)
    assert line.filters == {"status__exact": "nuova", "q": access.SEARCH_PLACEHOLDER}
    assert line.target == "richieste di adesione"
    assert_no_personal_data(line)


def test_exporting_selected_requests_records_the_selection(admin_client, lucia, make_signup, group):
    other = make_signup(group)
    response = admin_client.post(
        reverse("admin:signups_signuprequest_changelist"),
        {"action": "export_csv", "_selected_action": [lucia.pk, other.pk]},
    )
    assert response.status_code == 200
    line = AccessRecord.objects.get(action=Action.EXPORT)
    assert line.count == 2
    assert set(line.people.values_list("person_id", flat=True)) == {lucia.pk, other.pk}
    assert line.filters == {"selezione": "export_csv"}


def test_opening_a_register_and_a_sign_in_sheet_is_recorded(
    coordinator_client, planned_group, make_signup
):
    person = make_signup(
        planned_group,
        status=SignupRequest.Status.ACCEPTED,
        accepted_at=timezone.now() - datetime.timedelta(days=60),
    )
    meeting = planned_group.meetings.get(number=2)
    assert coordinator_client.get(reverse("admin:register", args=[meeting.pk])).status_code == 200
    sheet = reverse("admin:sign-in-sheet", args=[meeting.pk])
    assert coordinator_client.get(sheet).status_code == 200
    for action in (Action.REGISTER_OPENED, Action.SIGN_IN_SHEET_OPENED):
        line = AccessRecord.objects.get(action=action)
        assert line.target == f"incontro {meeting.pk}"
        assert line.count == 1
        assert line.people.get().person_id == person.pk


def test_coordinator_sees_only_her_own_lines(
    coordinator_client, coordinator, admin_client, admin_user, lucia
):
    admin_client.get(reverse("admin:signups_signuprequest_change", args=[lucia.pk]))
    coordinator_client.get(reverse("admin:signups_signuprequest_change", args=[lucia.pk]))
    office_line = AccessRecord.objects.get(action=Action.REQUEST_OPENED, user=admin_user)
    own_line = AccessRecord.objects.get(action=Action.REQUEST_OPENED, user=coordinator)

    listing = coordinator_client.get(reverse("admin:accounts_accessrecord_changelist"))
    assert listing.status_code == 200
    shown = {line.pk for line in listing.context["cl"].result_list}
    assert own_line.pk in shown and office_line.pk not in shown
    assert all(line.user_id == coordinator.pk for line in listing.context["cl"].result_list)

    office_page = reverse("admin:accounts_accessrecord_change", args=[office_line.pk])
    assert coordinator_client.get(office_page).status_code in (302, 403, 404)
    export = coordinator_client.get(reverse("admin:accounts_accessrecord_csv"))
    assert "admin" not in export.content.decode("utf-8-sig").split("\n", 1)[1]


def test_office_answers_who_looked_at_a_persons_data(
    admin_client, coordinator_client, lucia, make_signup, group
):
    other = make_signup(group)
    coordinator_client.get(reverse("admin:signups_signuprequest_change", args=[lucia.pk]))
    coordinator_client.get(reverse("admin:signups_signuprequest_change", args=[other.pk]))
    coordinator_client.get(reverse("admin:signups_signuprequest_csv"))

    change_page = admin_client.get(reverse("admin:signups_signuprequest_change", args=[lucia.pk]))
    link = reverse("admin:accounts_accessrecord_changelist") + f"?persona={lucia.pk}"
    assert f'href="{link}"' in change_page.content.decode()

    listing = admin_client.get(link)
    lines = listing.context["cl"].result_list
    # Her page opened by the coordinator and by the office, and the export that held her.
    assert [line.action for line in lines] == [
        Action.REQUEST_OPENED,
        Action.EXPORT,
        Action.REQUEST_OPENED,
    ]
    assert {line.username for line in lines} == {"anna", "admin"}

    export = admin_client.get(reverse("admin:accounts_accessrecord_csv") + f"?persona={lucia.pk}")
    assert export.status_code == 200
    rows = export.content.decode("utf-8-sig").strip().split("\r\n")
    assert len(rows) == 4
    assert "Lucia" not in export.content.decode("utf-8-sig")

    by_number = admin_client.get(
        reverse("admin:accounts_accessrecord_changelist") + f"?q={lucia.pk}"
    )
    assert {line.pk for line in by_number.context["cl"].result_list} == {line.pk for line in lines}
    by_name = admin_client.get(reverse("admin:accounts_accessrecord_changelist") + "?q=Lucia")
    assert by_name.status_code == 200
    assert not by_name.context["cl"].result_list


@pytest.mark.parametrize(
    "query", ["persona=abc", "persona=99999999999999999999999", "q=99999999999999999999", "q=%00"]
)
def test_hostile_filters_on_the_record_find_nothing_never_fail(admin_client, query):
    response = admin_client.get(reverse("admin:accounts_accessrecord_changelist") + "?" + query)
    assert response.status_code in (200, 400)


def test_nobody_changes_or_deletes_a_line(admin_client, coordinator_client, lucia):
    coordinator_client.get(reverse("admin:signups_signuprequest_change", args=[lucia.pk]))
    line = AccessRecord.objects.get(action=Action.REQUEST_OPENED)
    delete = admin_client.post(
        reverse("admin:accounts_accessrecord_delete", args=[line.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert AccessRecord.objects.filter(pk=line.pk).exists()


def test_lines_survive_a_persons_purge_without_their_name(
    coordinator_client, make_signup, make_group, venue
):
    old_group = make_group(
        venue=venue,
        slug="finito",
        name="AMALav finito",
        start_date=timezone.localdate() - datetime.timedelta(days=3 * 365),
    )
    person = make_signup(
        old_group, first_name="Lucia", last_name="Brambilla", created_days_ago=1000
    )
    line = access.record(Action.REQUEST_OPENED, person_ids=[person.pk], count=1)
    # The purge anonymises (deleting is refused: the report's figures would go with it).
    call_command("purge_signups", stdout=StringIO())
    assert not SignupRequest.objects.filter(pk=person.pk, first_name="Lucia").exists()
    line.refresh_from_db()
    assert line.people.get().person_id == person.pk
    assert "Lucia" not in line_text(line) and "Brambilla" not in line_text(line)


def test_lines_older_than_twelve_months_are_purged_by_the_daily_job(admin_user):
    old = access.record(Action.EXPORT, user=admin_user, person_ids=[1, 2], count=2)
    recent = access.record(Action.EXPORT, user=admin_user, person_ids=[3], count=1)
    AccessRecord.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=366))
    AccessRecord.objects.filter(pk=recent.pk).update(
        at=timezone.now() - datetime.timedelta(days=360)
    )
    out = StringIO()
    call_command("purge_signups", stdout=out)
    assert "1 access record line(s) older than 12 months" in out.getvalue()
    assert list(AccessRecord.objects.values_list("pk", flat=True)) == [recent.pk]
    assert list(AccessedPerson.objects.values_list("person_id", flat=True)) == [3]
