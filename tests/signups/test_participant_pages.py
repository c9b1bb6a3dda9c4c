"""Issue 22: each participant's page and the participants list as a coordinator uses them."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import AccessRecord
from signups.models import Attendance, SignupRequest

pytestmark = pytest.mark.django_db


def participant(make_signup, group, **fields) -> SignupRequest:
    return make_signup(group, status="accettata", accepted_at=timezone.now(), **fields)


def test_participants_export_to_excel_holds_only_the_coordinators_groups(
    coordinator_client, planned_group, other_group, make_signup
):
    mine = participant(make_signup, planned_group, first_name="Mia", phone="+393481234567")
    participant(make_signup, other_group, first_name="Altrui")
    make_signup(planned_group, first_name="Richiedente")  # a request, not a participant
    Attendance.objects.create(
        meeting=planned_group.meetings.first(), participant=mine, status="presente"
    )
    listing = coordinator_client.get(reverse("admin:signups_participant_changelist"))
    export_url = reverse("admin:signups_participant_xlsx")
    assert export_url in listing.content.decode()
    response = coordinator_client.get(export_url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Cognome", "Nome", "Gruppo", "Telefono")
    assert [row[1] for row in rows[1:]] == ["Mia"]
    assert rows[1][3] == "+39 348 123 4567"
    assert rows[1][7] == 1  # presences
    assert isinstance(rows[1][8], datetime.datetime)
    assert AccessRecord.objects.filter(action="esportazione", count=1).exists()


def test_participant_page_shows_attendance_across_the_cycle_and_messages_sent(
    coordinator_client, planned_group, make_signup, django_assert_max_num_queries
):
    from signups import services

    person = participant(make_signup, planned_group, first_name="Lucia")
    person.accepted_at = planned_group.meetings.order_by("starts_at").first().starts_at
    person.save()
    held = list(planned_group.meetings.filter(ends_at__lt=timezone.now()).order_by("starts_at"))
    assert len(held) >= 3
    for meeting, status in zip(held, ["presente", "assente", "giustificato"], strict=False):
        Attendance.objects.create(meeting=meeting, participant=person, status=status)
    services.welcome(person)
    url = reverse("admin:signups_participant_change", args=[person.pk])
    with django_assert_max_num_queries(30):
        page = coordinator_client.get(url).content.decode()
    assert "1 presenza, 1 assenza, 1 giustificata" in page
    assert "Assente giustificato/a" in page
    assert "da svolgere" in page
    assert timezone.localtime(held[1].starts_at).strftime("%d/%m/%Y %H:%M") in page
    assert "Benvenuto/a in AMALav Cesano Maderno" in page
    assert "Correggi e invia di nuovo" not in page
