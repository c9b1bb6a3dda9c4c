import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from groups.models import Group
from signups.models import Attendance, SignupRequest
from tests.browser.login import pass_login
from tests.forms import STAFF_PASSWORD
from tests.pages import AXE_OPTIONS


@pytest.fixture
def register_meeting(seeded_server, make_coordinator):
    group = Group.objects.get(slug="seveso")
    make_coordinator(group)
    names = ["Lucia Brambilla", "Marco Colombo", "Giovanna Maria Bartolomei-Santambrogio"]
    meeting = group.meetings.order_by("starts_at").first()
    people = [
        SignupRequest.objects.create(
            group=group,
            first_name=name.split(" ", 1)[0],
            last_name=name.split(" ", 1)[1],
            email=f"persona{index}@example.org",
            town="Seveso",
            work_situation=SignupRequest.WorkSituation.UNEMPLOYED,
            privacy_version="2026-11",
            privacy_accepted_at=timezone.now(),
            status=SignupRequest.Status.ACCEPTED,
            # In the group since before its first meeting.
            accepted_at=meeting.starts_at - datetime.timedelta(days=7),
        )
        for index, name in enumerate(names)
    ]
    Attendance.objects.create(meeting=meeting, participant=people[2], status="giustificato")
    return seeded_server, meeting, people


def test_coordinator_registers_attendance_on_a_phone(register_meeting, page):
    server, meeting, people = register_meeting
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(server.url + reverse("admin:register", args=[meeting.pk]))
    pass_login(page, "anna", STAFF_PASSWORD)
    page.wait_for_url("**" + reverse("admin:register", args=[meeting.pk]))
    lucia = page.get_by_role("group", name="Lucia Brambilla")
    marco = page.get_by_role("group", name="Marco Colombo")
    giovanna = page.get_by_role("group", name="Giovanna Maria Bartolomei-Santambrogio")
    assert giovanna.get_by_label("Giustificato/a").is_checked()
    lucia.get_by_text("Presente").click()
    marco.get_by_text("Assente").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = lucia.get_by_text("Presente").bounding_box()
    assert box["height"] >= 44
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    page.get_by_role("button", name="Salva il registro").click()
    expect(page.get_by_role("status")).to_contain_text("Salvato alle")
    statuses = dict(meeting.attendances.values_list("participant_id", "status"))
    assert statuses == {
        people[0].pk: "presente",
        people[1].pk: "assente",
        people[2].pk: "giustificato",
    }
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def test_report_reads_on_a_phone_and_passes_axe(register_meeting, page):
    server, meeting, people = register_meeting
    Attendance.objects.create(meeting=meeting, participant=people[0], status="presente")
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(server.url + reverse("admin:report"))
    pass_login(page, "anna", STAFF_PASSWORD)
    page.get_by_role("button", name="Mostra il rapporto").click()
    assert page.get_by_role("heading", name="Riepilogo").is_visible()
    assert page.get_by_role("img", name="Grafico: Richieste per stato").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def test_register_works_without_javascript(register_meeting, browser):
    server, meeting, people = register_meeting
    context = browser.new_context(
        java_script_enabled=False, locale="it-IT", viewport={"width": 360, "height": 800}
    )
    page = context.new_page()
    page.goto(server.url + reverse("admin:register", args=[meeting.pk]))
    pass_login(page, "anna", STAFF_PASSWORD)
    page.get_by_role("group", name="Marco Colombo").get_by_text("Presente").click()
    page.get_by_role("button", name="Salva il registro").click()
    assert page.get_by_text("Registro presenze salvato").is_visible()
    assert meeting.attendances.get(participant=people[1]).status == "presente"
    context.close()


def test_ticks_made_offline_stay_on_the_phone_and_are_saved_once_back_online(
    register_meeting, page, context
):
    server, meeting, people = register_meeting
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(server.url + reverse("admin:register", args=[meeting.pk]))
    pass_login(page, "anna", STAFF_PASSWORD)
    lucia = page.get_by_role("group", name="Lucia Brambilla")
    marco = page.get_by_role("group", name="Marco Colombo")
    lucia.get_by_text("Presente").click()
    marco.get_by_text("Assente").click()
    context.set_offline(True)
    page.get_by_role("button", name="Salva il registro").click()
    expect(page.get_by_role("status")).to_contain_text("Non ancora salvato")
    assert lucia.get_by_label("Presente").is_checked()
    assert marco.get_by_label("Assente").is_checked()
    assert not meeting.attendances.filter(participant__in=people[:2]).exists()
    context.set_offline(False)  # the phone finds the network again: the ticks leave
    expect(page.get_by_role("status")).to_contain_text("Salvato alle")
    statuses = dict(meeting.attendances.values_list("participant_id", "status"))
    assert statuses == {
        people[0].pk: "presente",
        people[1].pk: "assente",
        people[2].pk: "giustificato",
    }
    assert page.evaluate(f"localStorage.getItem('amalav-register-{meeting.pk}')") is None


@pytest.mark.parametrize("width", [360, 1366])
def test_report_refusing_a_period_says_why_beside_the_field_and_passes_axe(
    register_meeting, page, width
):
    server, _meeting, _people = register_meeting
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(server.url + reverse("admin:report") + "?dal=2010-01-01&al=2020-06-30")
    pass_login(page, "anna", STAFF_PASSWORD)
    message = page.get_by_text("Il periodo può durare al massimo 10 anni.")
    assert message.is_visible()
    field = page.locator('input[name="al"]').bounding_box()
    box = message.bounding_box()
    # Right above the field it is about, not at the top of the page.
    assert 0 < field["y"] - (box["y"] + box["height"]) < 40
    assert page.get_by_role("heading", name="Riepilogo").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    wcag22 = [*AXE_OPTIONS["runOnly"]["values"], "wcag22aa"]
    options = {**AXE_OPTIONS, "runOnly": {"type": "tag", "values": wcag22}}
    results = Axe().run(page, options=options)
    assert results.violations_count == 0, results.generate_report()


def test_a_register_of_ten_people_takes_at_most_twelve_taps_from_the_home(register_meeting, page):
    server, meeting, _people = register_meeting
    for number in range(7):
        SignupRequest.objects.create(
            group=meeting.group,
            first_name="Persona",
            last_name=f"Numero {number}",
            email=f"altra{number}@example.org",
            town="Seveso",
            work_situation=SignupRequest.WorkSituation.UNEMPLOYED,
            privacy_version="2026-11",
            privacy_accepted_at=timezone.now(),
            status=SignupRequest.Status.ACCEPTED,
            accepted_at=meeting.starts_at - datetime.timedelta(days=7),
        )
    # The meeting of this week, as the home lists it.
    meeting.starts_at = timezone.now() - datetime.timedelta(minutes=30)
    meeting.save()
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(server.url + reverse("admin:login"))
    pass_login(page, "anna", STAFF_PASSWORD)
    taps = 0
    page.get_by_role("link", name="Registro presenze").first.click()
    taps += 1
    for group in page.get_by_role("group").all():
        name = group.get_by_role("radio", name="Giustificato/a")
        if not name.is_checked():
            group.get_by_text("Presente").click()
            taps += 1
    page.get_by_role("button", name="Salva il registro").click()
    taps += 1
    expect(page.get_by_role("status")).to_contain_text("Salvato alle")
    assert meeting.attendances.count() == 10
    assert taps <= 12
