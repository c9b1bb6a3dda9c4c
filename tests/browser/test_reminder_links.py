import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

from signups import services
from signups.models import Attendance, SignupRequest
from tests.browser.people import lucia_before_a_meeting
from tests.pages import AXE_OPTIONS


@pytest.fixture
def links(seeded_server) -> dict[str, str]:
    meeting, person = lucia_before_a_meeting()
    apology = services.apology_url(meeting, person).removeprefix(settings.SITE_URL)
    stop = services.stop_reminders_url(person).removeprefix(settings.SITE_URL)
    return {
        "apology": seeded_server.url + apology,
        "stop": seeded_server.url + stop,
        "tampered": seeded_server.url + apology.replace(apology[-6:-1], "xxxxx"),
    }


def assert_accessible(page) -> None:
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_reminder_links_ask_then_act_and_every_page_is_accessible(links, page):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(links["apology"])
    assert_accessible(page)
    page.get_by_role("button", name="Confermo: questa volta non posso venire").click()
    assert page.get_by_text("il coordinatore sa che questa volta non ci sarai").is_visible()
    assert_accessible(page)
    assert Attendance.objects.get().status == Attendance.Status.APOLOGISED
    page.goto(links["stop"])
    assert_accessible(page)
    page.get_by_role("button", name="Sì, non mandatemi più i promemoria").click()
    assert page.get_by_text("non riceverai più i promemoria").is_visible()
    assert not SignupRequest.objects.get().wants_reminders
    response = page.goto(links["tampered"])
    assert response.status == 400
    assert page.get_by_role("heading", name="Questo link non è valido").is_visible()
    assert_accessible(page)
