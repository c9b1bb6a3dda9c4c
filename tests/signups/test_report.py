import csv
import datetime
import io
import re
from io import StringIO

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from meetings.models import Meeting
from meetings.services import plan_cycle
from signups import services
from signups.models import Attendance, SignupRequest
from tests.logins import log_in_verified

pytestmark = pytest.mark.django_db

# Present at how many of the 16 meetings held: exactly three reach 12.
PRESENT_COUNTS = [16, 14, 12, 11, 8, 5, 0]

EXPECTED = {
    "Richieste di adesione ricevute": 10,
    "Partecipanti": 7,
    "Partecipanti presenti almeno una volta": 6,
    "Partecipanti presenti ad almeno 12 incontri": 3,
    "Ritiri": 1,
    "Incontri svolti": 16,
    "Incontri annullati": 2,
    "Incontri ancora da svolgere": 0,
    "Presenze": 66,
    "Assenze": 40,
    "Assenze giustificate": 6,
    "Tasso medio di presenza (%)": 58.9,
}


@pytest.fixture
def cycle(make_group, venue, make_signup, make_coordinator):
    """A finished cycle: 18 meetings, 2 cancelled, 7 participants, 3 other requests."""
    group = make_group(venue=venue, start_date=timezone.localdate() - datetime.timedelta(weeks=50))
    plan_cycle(group)
    for meeting in group.meetings.filter(number__in=[3, 9]):
        meeting.cancel()
        meeting.save()
    held = list(group.meetings.exclude(status=Meeting.Status.CANCELLED).order_by("starts_at"))
    coordinator = make_coordinator(group)
    towns = ["Desio", "desio ", "Seveso", "Desio", "Seveso", "Lissone", "Desio"]
    for index, present in enumerate(PRESENT_COUNTS):
        person = make_signup(
            group,
            first_name=f"Nomeproprio{index}",
            last_name=f"Cognomefamiglia{index}",
            email=f"persona{index}@example.org",
            phone=f"+39348111222{index}",
            town=towns[index],
            heard_from=SignupRequest.HeardFrom.UNION if index < 2 else "",
        )
        services.set_status([person], SignupRequest.Status.ACCEPTED, coordinator)
        statuses = ["presente"] * present
        if present < len(held):
            statuses.append("giustificato")
        statuses += ["assente"] * (len(held) - len(statuses))
        Attendance.objects.bulk_create(
            Attendance(meeting=meeting, participant=person, status=status)
            for meeting, status in zip(held, statuses, strict=True)
        )
        if present == 0:
            services.withdraw([person], coordinator, "Trasferito a Milano")
    make_signup(group, email="nuova1@example.org", phone="+393480000001")
    make_signup(group, email="nuova2@example.org")
    make_signup(group, email="attesa@example.org", status=SignupRequest.Status.WAITING)
    return group, coordinator


def report_url(group, fmt: str = "") -> str:
    params = {
        "dal": (group.start_date - datetime.timedelta(days=1)).isoformat(),
        "al": timezone.localdate().isoformat(),
    }
    if fmt:
        params["formato"] = fmt
    return reverse("admin:report") + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def number(text: str) -> int | float | None:
    text = text.strip().replace(",", ".")
    if text == "-":  # a rate without any line in the register
        return None
    return float(text) if "." in text else int(text)


def page_summary(html: str) -> dict:
    summary = html.split("<h2", 2)[1]  # the first table after the form
    rows = re.findall(r'<th scope="row">(.*?)</th>\s*<td class="number">(.*?)</td>', summary)
    return {label: number(value) for label, value in rows}


def csv_summary(content: bytes) -> dict:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    start = rows.index(["Riepilogo"])
    summary = {}
    for row in rows[start + 2 :]:
        if not row:
            break
        summary[row[0]] = number(row[1])
    return summary


def xlsx_summary(content: bytes) -> dict:
    sheet = load_workbook(io.BytesIO(content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    start = next(i for i, row in enumerate(rows) if row[0] == "Riepilogo")
    summary = {}
    for row in rows[start + 2 :]:
        if row[0] is None:
            break
        summary[row[0]] = row[1]
    return summary


def test_report_figures_equal_the_registers_in_page_xlsx_and_csv(log_in, client, cycle):
    group, coordinator = cycle
    log_in(client, coordinator)
    page = client.get(report_url(group))
    assert page.status_code == 200
    assert page_summary(page.content.decode()) == EXPECTED
    xlsx = client.get(report_url(group, "xlsx"))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx_summary(xlsx.content) == EXPECTED
    assert csv_summary(client.get(report_url(group, "csv")).content) == EXPECTED


def test_report_counts_requests_by_status_channel_and_town(log_in, client, cycle):
    group, coordinator = cycle
    log_in(client, coordinator)
    tables = {
        t.title: {row[0]: row[1] for row in t.rows}
        for t in client.get(report_url(group)).context["tables"]
    }
    assert tables["Richieste per stato"]["Accettata"] == 6
    assert tables["Richieste per stato"]["Ritirata"] == 1
    assert tables["Richieste per stato"]["Nuova"] == 2
    assert tables["Richieste per stato"]["In lista d'attesa"] == 1
    assert tables["Richieste per canale (come ci hanno conosciuti)"]["Sindacato"] == 2
    assert tables["Richieste per canale (come ci hanno conosciuti)"]["Non indicato"] == 8
    assert tables["Richieste per comune di residenza"] == {"Desio": 7, "Seveso": 2, "Lissone": 1}
    assert sum(tables["Richieste per mese"].values()) == 10
    per_meeting = tables["Presenze per incontro svolto"]
    assert len(per_meeting) == 16
    assert sum(per_meeting.values()) == 66


def test_report_contains_no_name_email_or_phone(log_in, client, cycle):
    group, coordinator = cycle
    log_in(client, coordinator)
    for fmt in ("", "csv"):
        text = client.get(report_url(group, fmt)).content.decode("utf-8-sig")
        for secret in ("Nomeproprio", "Cognomefamiglia", "example.org", "348111222", "Trasferito"):
            assert secret not in text, (fmt, secret)
    sheet = load_workbook(io.BytesIO(client.get(report_url(group, "xlsx")).content)).active
    cells = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row)
    for secret in ("Nomeproprio", "Cognomefamiglia", "example.org", "348111222", "Trasferito"):
        assert secret not in cells


def test_purge_keeps_the_report_figures(log_in, client, cycle):
    group, coordinator = cycle
    log_in(client, coordinator)
    before = client.get(report_url(group)).context["tables"]
    call_command("purge_signups", "--months", "0", stdout=StringIO())
    assert SignupRequest.objects.filter(anonymised_at__isnull=True).count() == 0
    after = client.get(report_url(group))
    assert after.context["tables"] == before
    assert page_summary(after.content.decode()) == EXPECTED


def test_threshold_is_a_setting(log_in, client, cycle, settings):
    settings.REPORT_ATTENDANCE_THRESHOLD = 14
    group, coordinator = cycle
    log_in(client, coordinator)
    summary = page_summary(client.get(report_url(group)).content.decode())
    assert summary["Partecipanti presenti ad almeno 14 incontri"] == 2


def test_charts_are_svg_drawn_on_the_server_without_inline_styles(log_in, client, cycle):
    group, coordinator = cycle
    log_in(client, coordinator)
    html = client.get(report_url(group)).content.decode()
    content = html[html.index('<div id="content"') :]
    assert content.count('<svg class="report-chart"') == 9  # 6, and 3 of the "Esiti"
    assert "style=" not in content
    assert "<script" not in content


def test_coordinator_reports_only_on_their_groups(
    log_in, client, cycle, make_group, venue, make_signup
):
    group, coordinator = cycle
    other = make_group(venue=venue, name="AMALav Seveso", slug="seveso", town="Seveso")
    make_signup(other, email="seveso@example.org")
    log_in(client, coordinator)
    page = client.get(report_url(group))
    assert "AMALav Seveso" not in page.content.decode()
    assert page_summary(page.content.decode())["Richieste di adesione ricevute"] == 10
    refused = client.get(report_url(group) + f"&gruppo={other.pk}")
    assert refused.context["tables"] is None
    assert "gruppo" in refused.context["form"].errors


def test_superuser_report_covers_every_group_with_totals(
    admin_client, cycle, make_group, venue, make_signup
):
    group, _coordinator = cycle
    other = make_group(venue=venue, name="AMALav Seveso", slug="seveso", town="Seveso")
    make_signup(None, email="ovunque@example.org")
    summary = admin_client.get(report_url(group)).context["tables"][0]
    assert summary.headers == ["Indicatore", "AMALav Cesano Maderno", "AMALav Seveso", "Totale"]
    assert summary.rows[0] == ["Richieste di adesione ricevute", 10, 0, 11]
    assert summary.rows[1] == ["di cui senza un gruppo scelto", 0, 0, 1]
    assert summary.rows[2] == ["Partecipanti", 7, 0, 7]
    assert other.name in admin_client.get(report_url(group)).content.decode()


def test_report_explains_a_period_that_ends_before_it_starts(admin_client):
    response = admin_client.get(reverse("admin:report") + "?dal=2026-05-01&al=2026-01-01")
    assert response.context["tables"] is None
    assert "La fine del periodo viene prima" in response.content.decode()


def test_report_opens_with_the_last_year_by_default(admin_client, cycle):
    response = admin_client.get(reverse("admin:report"))
    assert response.status_code == 200
    assert response.context["tables"] is not None


def test_report_queries_stay_bounded_with_a_hundred_participants(
    admin_client, make_group, venue, make_signup, django_assert_max_num_queries
):
    group = make_group(venue=venue, start_date=timezone.localdate() - datetime.timedelta(weeks=50))
    plan_cycle(group)
    meetings = list(group.meetings.all())
    assert len(meetings) == 18
    people = [
        make_signup(group, status="accettata", accepted_at=timezone.now()) for _ in range(100)
    ]
    Attendance.objects.bulk_create(
        Attendance(meeting=m, participant=p, status="presente") for m in meetings for p in people
    )
    url = reverse("admin:report") + f"?dal={group.start_date}&al={timezone.localdate()}"
    for fmt in ("", "&formato=csv", "&formato=xlsx"):
        with django_assert_max_num_queries(12):
            assert admin_client.get(url + fmt).status_code == 200


def summary_of(response) -> dict:
    return page_summary(response.content.decode())


def test_report_by_default_counts_the_meetings_still_planned(coordinator_client, planned_group):
    # Six weeks into an 18-meeting cycle: a few held, the rest ahead, one of them cancelled.
    ahead = planned_group.meetings.filter(ends_at__gt=timezone.now()).order_by("starts_at")
    cancelled = ahead.first()
    cancelled.cancel()
    cancelled.save()
    still_planned = ahead.exclude(status=Meeting.Status.CANCELLED).count()
    assert still_planned > 10
    response = coordinator_client.get(reverse("admin:report"))
    assert response.status_code == 200
    summary = summary_of(response)
    assert summary["Incontri ancora da svolgere"] == still_planned
    assert summary["Incontri annullati"] == 1
    assert (
        summary["Incontri svolti"]
        == planned_group.meetings.filter(ends_at__lte=timezone.now()).count()
    )


def test_report_by_default_stops_ten_years_on_when_a_meeting_is_planned_far_ahead(
    coordinator_client, planned_group
):
    # A slip of the year when moving the last meeting: 2046 for 2026.
    last = planned_group.meetings.order_by("starts_at").last()
    last.starts_at = last.starts_at.replace(year=last.starts_at.year + 20)
    last.save()
    response = coordinator_client.get(reverse("admin:report"))
    assert response.status_code == 200
    period = response.context["form"].cleaned_data
    assert period["al"] == period["dal"] + relativedelta(years=10, days=-1)
    still_planned = planned_group.meetings.filter(ends_at__gt=timezone.now()).count() - 1
    assert summary_of(response)["Incontri ancora da svolgere"] == still_planned


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("dal=2020-01-01&al=9999-12-31", "al", "Scegli una data dal 2000 al 2100."),
        ("dal=1999-12-31&al=2001-01-01", "dal", "Scegli una data dal 2000 al 2100."),
        ("dal=0001-01-01&al=9999-12-30", "dal", "Scegli una data dal 2000 al 2100."),
        ("dal=2010-01-01&al=2020-01-01", "al", "Il periodo può durare al massimo 10 anni."),
    ],
)
@pytest.mark.parametrize("fmt", ["", "&formato=csv", "&formato=xlsx"])
def test_report_refuses_a_date_out_of_bounds_beside_the_field(
    coordinator_client, group, query, field, message, fmt
):
    response = coordinator_client.get(reverse("admin:report") + f"?{query}{fmt}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors[field] == [message]
    html = response.content.decode()
    # The message stands in the field's own row, above its input.
    before_input = html[: html.index(f'name="{field}"')]
    row = before_input[before_input.rindex('<div class="form-row') :]
    assert message in row


def test_report_takes_ten_years_to_the_day(coordinator_client, group):
    response = coordinator_client.get(reverse("admin:report") + "?dal=2010-01-01&al=2019-12-31")
    assert response.status_code == 200
    assert response.context["tables"] is not None
    assert len(response.context["tables"][5].rows) == 120  # one line a month


def test_purge_with_delete_is_refused_and_every_figure_stays(client, cycle):
    group, coordinator = cycle
    log_in_verified(client, coordinator)
    before = client.get(report_url(group)).context["tables"]
    lines = Attendance.objects.count()
    with pytest.raises(CommandError, match="report's figures"):
        call_command("purge_signups", "--months", "0", "--delete", stdout=StringIO())
    assert Attendance.objects.count() == lines
    assert SignupRequest.objects.filter(anonymised_at__isnull=True).count() == 10
    after = client.get(report_url(group))
    assert after.context["tables"] == before
    assert page_summary(after.content.decode()) == EXPECTED
