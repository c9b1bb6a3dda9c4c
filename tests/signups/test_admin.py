import csv
import io

import pytest
from django.contrib.auth.models import Group as PermissionGroup
from django.urls import reverse

from signups.models import SignupRequest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "admin:groups_group_changelist",
        "admin:groups_group_add",
        "admin:groups_venue_changelist",
        "admin:groups_venue_add",
        "admin:signups_signuprequest_changelist",
        "admin:meetings_meeting_changelist",
        "admin:press_pressitem_changelist",
        "admin:press_pressitem_add",
        "admin:press_document_changelist",
        "admin:flatpages_flatpage_changelist",
    ],
)
def test_admin_pages_open_in_italian(make_signup, admin_client, planned_group, url):
    make_signup(planned_group)
    response = admin_client.get(reverse(url))
    assert response.status_code == 200
    assert 'lang="it"' in response.content.decode()


def test_group_and_venue_change_pages_open(admin_client, group):
    assert (
        admin_client.get(reverse("admin:groups_group_change", args=[group.pk])).status_code == 200
    )
    assert (
        admin_client.get(reverse("admin:groups_venue_change", args=[group.venue.pk])).status_code
        == 200
    )


def test_group_admin_shows_request_counts_by_status(make_signup, admin_client, group):
    make_signup(group)
    make_signup(group, email="b@example.org", status=SignupRequest.Status.ACCEPTED)
    make_signup(group, email="c@example.org", status=SignupRequest.Status.ACCEPTED)
    page = admin_client.get(reverse("admin:groups_group_changelist")).content.decode()
    assert "Nuova: 1" in page
    assert "Accettata: 2" in page


def test_request_counts_are_not_multiplied_by_the_meetings(
    log_in, make_signup, admin_client, client, coordinator, planned_group
):
    make_signup(planned_group)
    for viewer in (admin_client, client):
        log_in(client, coordinator)
        page = viewer.get(reverse("admin:groups_group_changelist")).content.decode()
        assert "Nuova: 1<" in page
        assert ">18 / 18<" in page


def test_coordinator_sees_only_requests_of_their_groups(
    log_in, make_signup, client, coordinator, group, other_group
):
    mine = make_signup(group)
    theirs = make_signup(other_group, first_name="Estraneo", email="x@example.org")
    nobody = make_signup(None, first_name="Zefiro", email="y@example.org")
    log_in(client, coordinator)
    page = client.get(reverse("admin:signups_signuprequest_changelist")).content.decode()
    assert "Niccolò" in page
    assert "Estraneo" not in page and "Zefiro" not in page
    assert (
        client.get(reverse("admin:signups_signuprequest_change", args=[mine.pk])).status_code == 200
    )
    for hidden in (theirs, nobody):
        response = client.get(reverse("admin:signups_signuprequest_change", args=[hidden.pk]))
        assert response.status_code == 302  # Django's admin sends unknown objects back to the list
        assert "Estraneo" not in client.get(response["Location"]).content.decode()


def test_coordinator_cannot_export_another_groups_requests(
    log_in, make_signup, client, coordinator, group, other_group
):
    make_signup(group)
    theirs = make_signup(other_group, first_name="Estraneo", email="x@example.org")
    log_in(client, coordinator)
    response = client.post(
        reverse("admin:signups_signuprequest_changelist"),
        {"action": "export_csv", "_selected_action": [theirs.pk]},
    )
    assert "Estraneo" not in response.content.decode("utf-8-sig")


def test_coordinator_cannot_move_a_request_to_another_group(
    log_in, make_signup, client, coordinator, group, other_group
):
    mine = make_signup(group)
    log_in(client, coordinator)
    page = client.get(
        reverse("admin:signups_signuprequest_change", args=[mine.pk])
    ).content.decode()
    assert f'<option value="{other_group.pk}"' not in page


def test_superuser_sees_every_request(make_signup, admin_client, group, other_group):
    make_signup(group)
    make_signup(other_group, first_name="Estraneo", email="x@example.org")
    make_signup(None, first_name="Zefiro", email="y@example.org")
    page = admin_client.get(reverse("admin:signups_signuprequest_changelist")).content.decode()
    assert "Niccolò" in page and "Estraneo" in page and "Zefiro" in page


def test_csv_export_opens_in_excel_with_accents_and_columns(make_signup, admin_client, group):
    signup = make_signup(group, phone="+393481234567", message='=HYPERLINK("x")')
    response = admin_client.post(
        reverse("admin:signups_signuprequest_changelist"),
        {"action": "export_csv", "_selected_action": [signup.pk]},
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:7] == [
        "Ricevuta il",
        "Nome",
        "Cognome",
        "Email",
        "Telefono",
        "Comune di residenza",
        "Gruppo",
    ]
    assert rows[1][1:4] == ["Niccolò", "Università", "niccolo@example.org"]
    # Spaced, not prefixed: no spreadsheet shows an apostrophe or turns it into a number.
    assert rows[1][4] == "+39 348 123 4567"
    assert rows[1][6] == group.name
    assert rows[1][7] == "In cassa integrazione"
    # A formula typed in the form stays text in Excel.
    assert rows[1][9].startswith("'=")


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("mark_contacted", SignupRequest.Status.CONTACTED),
        ("mark_accepted", SignupRequest.Status.ACCEPTED),
        ("mark_waiting", SignupRequest.Status.WAITING),
    ],
)
def test_actions_mark_requests_and_record_who_handled_them(
    log_in, make_signup, client, coordinator, group, action, status
):
    signup = make_signup(group)
    log_in(client, coordinator)
    client.post(
        reverse("admin:signups_signuprequest_changelist"),
        {"action": action, "_selected_action": [signup.pk]},
    )
    signup.refresh_from_db()
    assert signup.status == status
    assert signup.handled_by == coordinator
    assert signup.handled_at is not None


def test_coordinators_permission_group_exists_with_the_right_permissions(db):
    codenames = set(
        PermissionGroup.objects.get(name="Coordinatori").permissions.values_list(
            "codename", flat=True
        )
    )
    assert {
        "change_signuprequest",
        "view_signuprequest",
        "add_meeting",
        "change_meeting",
    } <= codenames
    assert "delete_signuprequest" not in codenames


def test_database_refuses_a_request_with_no_way_to_answer(make_signup, group):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        make_signup(group, email="", phone="")


def test_coordinator_sees_only_their_groups_in_the_group_list(
    log_in, client, coordinator, group, other_group
):
    log_in(client, coordinator)
    page = client.get(reverse("admin:groups_group_changelist")).content.decode()
    assert group.name in page and other_group.name not in page


def test_request_counts_use_a_fixed_number_of_queries(
    make_signup, admin_client, group, other_group, django_assert_max_num_queries
):
    for index in range(30):
        make_signup(group if index % 2 else other_group, email=f"p{index}@example.org")
    with django_assert_max_num_queries(12):
        assert admin_client.get(reverse("admin:groups_group_changelist")).status_code == 200
    with django_assert_max_num_queries(12):
        assert (
            admin_client.get(reverse("admin:signups_signuprequest_changelist")).status_code == 200
        )


def test_coordinator_records_a_request_taken_by_phone(log_in, client, coordinator, group):
    log_in(client, coordinator)
    response = client.post(
        reverse("admin:signups_signuprequest_add"),
        {
            "first_name": "Pietro",
            "last_name": "Sala",
            "email": "",
            "phone": "+393401112233",
            "town": "Meda",
            "work_situation": SignupRequest.WorkSituation.UNEMPLOYED,
            "group": group.pk,
            "message": "",
            "heard_from": "",
            "status": SignupRequest.Status.NEW,
            "internal_notes": "Ha telefonato lunedì",
        },
    )
    assert response.status_code == 302
    signup = SignupRequest.objects.get()
    assert signup.privacy_version and signup.privacy_accepted_at
    assert signup.handled_by == coordinator


def test_admin_explains_a_request_without_contacts(admin_client, group):
    response = admin_client.post(
        reverse("admin:signups_signuprequest_add"),
        {
            "first_name": "Pietro",
            "last_name": "Sala",
            "email": "",
            "phone": "",
            "town": "Meda",
            "work_situation": SignupRequest.WorkSituation.UNEMPLOYED,
            "group": group.pk,
            "status": SignupRequest.Status.NEW,
        },
    )
    assert response.status_code == 200
    assert "Indica almeno un&#x27;email o un numero di telefono" in response.content.decode()
    assert SignupRequest.objects.count() == 0


def test_request_list_calls_the_person_with_one_tap(make_signup, admin_client, group):
    make_signup(group, phone="+393481234567")
    page = admin_client.get(reverse("admin:signups_signuprequest_changelist")).content.decode()
    assert '<a href="tel:+393481234567">348 1234567</a>' in page


def test_request_form_shows_phone_and_email_as_links(make_signup, admin_client, group):
    signup = make_signup(group, phone="+393481234567")
    page = admin_client.get(
        reverse("admin:signups_signuprequest_change", args=[signup.pk])
    ).content.decode()
    assert 'href="tel:+393481234567"' in page
    assert 'href="mailto:niccolo@example.org"' in page


def test_contacted_button_marks_the_request_and_records_the_coordinator(
    log_in, make_signup, client, coordinator, group
):
    signup = make_signup(group)
    log_in(client, coordinator)
    response = client.post(reverse("admin:signups_signuprequest_contacted", args=[signup.pk]))
    assert response.status_code == 302
    signup.refresh_from_db()
    assert signup.status == SignupRequest.Status.CONTACTED
    assert signup.handled_by == coordinator


def test_coordinator_cannot_mark_another_groups_request_contacted(
    log_in, make_signup, client, coordinator, other_group
):
    theirs = make_signup(other_group)
    log_in(client, coordinator)
    response = client.post(reverse("admin:signups_signuprequest_contacted", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == SignupRequest.Status.NEW


def test_export_link_exports_the_filtered_list_not_only_ticked_rows(
    make_signup, admin_client, group
):
    make_signup(group, first_name="Contattata", status=SignupRequest.Status.CONTACTED)
    make_signup(group, first_name="Nuova")
    changelist = reverse("admin:signups_signuprequest_changelist")
    page = admin_client.get(changelist, {"status__exact": "nuova"}).content.decode()
    export_url = reverse("admin:signups_signuprequest_csv") + "?status__exact=nuova"
    assert export_url in page
    raw = admin_client.get(export_url).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw), delimiter=";"))
    assert [row[1] for row in rows[1:]] == ["Nuova"]


def test_xlsx_export_has_italian_headers_text_cells_and_real_dates(
    make_signup, admin_client, group
):
    import datetime

    from openpyxl import load_workbook

    make_signup(group, phone="+393481234567", message="=1+1")
    response = admin_client.get(reverse("admin:signups_signuprequest_xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Ricevuta il"
    assert sheet["E1"].value == "Telefono"
    assert isinstance(sheet["A2"].value, datetime.datetime)
    assert sheet["E2"].value == "+39 348 123 4567"
    assert sheet["J2"].value == "=1+1"
    assert sheet["J2"].data_type == "s"


def test_coordinator_export_holds_only_their_groups_requests(
    log_in, make_signup, client, coordinator, group, other_group
):
    make_signup(group, first_name="Mia")
    make_signup(other_group, first_name="Altrui")
    log_in(client, coordinator)
    raw = client.get(reverse("admin:signups_signuprequest_csv")).content.decode("utf-8-sig")
    assert "Mia" in raw and "Altrui" not in raw
