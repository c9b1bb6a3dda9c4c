import csv
import datetime
import io
from io import StringIO

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import CommandError, call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core import links
from signups import services
from signups.models import SignupRequest, Survey, SurveyAnswer, SurveyInvitation

pytestmark = pytest.mark.django_db

SITUATION = "Esiti: situazione lavorativa all'iscrizione, a fine ciclo e dopo tre mesi"
HEADERS = [
    "Situazione lavorativa",
    "All'iscrizione",
    "All'iscrizione (%)",
    "A fine ciclo",
    "A fine ciclo (%)",
    "Dopo tre mesi",
    "Dopo tre mesi (%)",
]


@pytest.fixture
def answered(client, planned_group, make_signup, make_coordinator):
    """Four participants; three answer at the end of the cycle, one three months later."""
    people = [
        make_signup(
            planned_group,
            first_name=f"Nomeproprio{index}",
            last_name="Cognomefamiglia",
            email=f"persona{index}@example.org",
            phone=f"+39348111222{index}",
            work_situation=situation,
            status="accettata",
            accepted_at=timezone.now() - datetime.timedelta(days=60),
        )
        for index, situation in enumerate(["naspi", "naspi", "cassa_integrazione", "disoccupato"])
    ]
    last = planned_group.meetings.taking_place().order_by("-starts_at").first()
    services.send_surveys(now=last.starts_at - datetime.timedelta(days=1))
    end_answers = [
        {"work_situation_now": "occupato", "helped": ["confronto", "fiducia"], "recommend": "si"},
        {"work_situation_now": "occupato", "helped": ["confronto"], "recommend": "si"},
        {"work_situation_now": "naspi", "helped": [], "recommend": "forse"},
    ]
    for person, answers in zip(people, end_answers, strict=False):
        client.post(link(person, Survey.END), answers)
    services.send_surveys(now=last.starts_at + relativedelta(months=3, days=1))
    client.post(
        link(people[0], Survey.LATER),
        {"work_situation_now": "occupato", "helped": ["ricerca"], "recommend": "si"},
    )
    return planned_group, make_coordinator(planned_group)


def link(person: SignupRequest, survey: str) -> str:
    invitation = SurveyInvitation.objects.get(participant=person, survey=survey)
    return reverse("signups:link", args=[links.make(services.links.SURVEY, invitation.pk)])


def report_url(group, fmt: str = "") -> str:
    url = reverse("admin:report") + f"?dal={group.start_date}&al={timezone.localdate()}"
    return url + (f"&formato={fmt}" if fmt else "")


def table(tables, title: str) -> list[list]:
    found = next(t for t in tables if t.title == title)
    return [found.headers, *found.rows]


def row(rows: list[list], label: str) -> list:
    return next(r for r in rows if r[0] == label)


def test_the_outcomes_compare_the_work_situation_at_sign_up_at_the_end_and_three_months_on(
    log_in, client, answered
):
    group, coordinator = answered
    log_in(client, coordinator)
    response = client.get(report_url(group))
    tables = response.context["tables"]
    assert table(tables, "Esiti: risposte ai questionari")[1:] == [
        ["A fine ciclo", 3],
        ["Dopo tre mesi", 1],
    ]
    situation = table(tables, SITUATION)
    assert situation[0] == HEADERS
    # Three answered at the end: two of them had found work, who had signed up without.
    assert row(situation, "Ho trovato un lavoro dipendente") == [
        "Ho trovato un lavoro dipendente",
        None,
        None,
        2,
        66.7,
        1,
        100.0,
    ]
    assert row(situation, "Senza lavoro, con la NASpI") == [
        "Senza lavoro, con la NASpI",
        2,
        66.7,
        1,
        33.3,
        0,
        0.0,
    ]
    assert row(situation, "In cassa integrazione")[1:3] == [1, 33.3]
    helped = table(tables, "Esiti: che cosa è stato utile (più risposte possibili)")
    assert row(helped, "Il confronto con persone nella mia stessa situazione")[1:] == [
        2,
        66.7,
        0,
        0.0,
    ]
    assert row(helped, "Idee e informazioni per cercare lavoro")[1:] == [0, 0.0, 1, 100.0]
    recommend = table(tables, "Esiti: consiglierebbero il gruppo")
    assert recommend[1:] == [
        ["Sì", 2, 66.7, 1, 100.0],
        ["Forse", 1, 33.3, 0, 0.0],
        ["No", 0, 0.0, 0, 0.0],
    ]
    page = response.content.decode()
    assert "Esiti: consiglierebbero il gruppo" in page
    assert "Grafico: Esiti: consiglierebbero il gruppo" in page  # the bar chart


def test_the_outcomes_are_in_the_csv_and_xlsx_exports(log_in, client, answered):
    group, coordinator = answered
    log_in(client, coordinator)
    content = client.get(report_url(group, "csv")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    start = rows.index([SITUATION])
    assert rows[start + 1] == HEADERS
    found = next(r for r in rows[start:] if r[0] == "Ho trovato un lavoro dipendente")
    assert found[3:] == ["2", "66,7", "1", "100,0"]
    sheet = load_workbook(io.BytesIO(client.get(report_url(group, "xlsx")).content)).active
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    at = next(i for i, r in enumerate(cells) if r[0] == SITUATION)
    assert list(cells[at + 1][: len(HEADERS)]) == HEADERS
    found = next(r for r in cells[at:] if r[0] == "Ho trovato un lavoro dipendente")
    assert list(found[3:7]) == [2, 66.7, 1, 100]


def test_the_outcomes_name_nobody(log_in, client, answered):
    group, coordinator = answered
    log_in(client, coordinator)
    secrets = ("Nomeproprio", "Cognomefamiglia", "example.org", "348111222")
    for fmt in ("", "csv"):
        text = client.get(report_url(group, fmt)).content.decode("utf-8-sig")
        assert not [secret for secret in secrets if secret in text], fmt
    sheet = load_workbook(io.BytesIO(client.get(report_url(group, "xlsx")).content)).active
    cells = " ".join(str(c) for r in sheet.iter_rows(values_only=True) for c in r)
    assert not [secret for secret in secrets if secret in cells]


def test_the_outcomes_survive_the_purge(log_in, client, answered):
    group, coordinator = answered
    log_in(client, coordinator)
    before = client.get(report_url(group)).context["tables"]
    years = datetime.timedelta(days=3 * 365)
    group.meetings.update(starts_at=F("starts_at") - years, ends_at=F("ends_at") - years)
    SignupRequest.objects.update(created_at=F("created_at") - years)
    call_command("purge_signups", stdout=StringIO())
    assert not SignupRequest.objects.filter(anonymised_at__isnull=True).exists()
    assert not SurveyInvitation.objects.exists()
    with pytest.raises(CommandError):
        call_command("purge_signups", "--delete", stdout=StringIO())
    after = client.get(report_url(group)).context["tables"]
    outcomes = [t for t in after if t.title.startswith("Esiti")]
    assert outcomes == [t for t in before if t.title.startswith("Esiti")]
    assert SurveyAnswer.objects.count() == 4
