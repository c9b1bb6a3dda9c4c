import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from groups.models import Group
from signups.models import Attendance, SignupRequest
from tests.browser.login import pass_login
from tests.pages import AXE_OPTIONS


@pytest.fixture
def register_meeting(seeded_server):
    group = Group.objects.get(slug="seveso")
    coordinator = User.objects.create_user("anna", password="una-password-lunga", is_staff=True)
    group.coordinators.add(coordinator)
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
    pass_login(page, "anna", "una-password-lunga")
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
    assert page.get_by_text("Registro presenze salvato").is_visible()
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
    pass_login(page, "anna", "una-password-lunga")
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
    pass_login(page, "anna", "una-password-lunga")
    page.get_by_role("group", name="Marco Colombo").get_by_text("Presente").click()
    page.get_by_role("button", name="Salva il registro").click()
    assert page.get_by_text("Registro presenze salvato").is_visible()
    assert meeting.attendances.get(participant=people[1]).status == "presente"
    context.close()
