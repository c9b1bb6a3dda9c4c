import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.utils import timezone

from core import links
from signups import services
from signups.models import Survey, SurveyAnswer, SurveyInvitation
from tests.browser.people import lucia_before_a_meeting
from tests.pages import AXE_OPTIONS


@pytest.fixture
def survey_url(seeded_server) -> str:
    _meeting, person = lucia_before_a_meeting()
    invitation = SurveyInvitation.objects.create(
        participant=person, survey=Survey.END, cycle_end=timezone.localdate()
    )
    path = services.links.survey_url(invitation).removeprefix(settings.SITE_URL)
    assert links.read(path.split("/")[2])[0] == "q"
    return seeded_server.url + path


def assert_accessible(page) -> None:
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_the_survey_on_a_phone_explains_mistakes_then_thanks_and_every_page_is_accessible(
    survey_url, page
):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(survey_url)
    assert_accessible(page)
    page.get_by_role("button", name="Invia le risposte").click()
    assert page.get_by_text("Scegli sì, forse o no.").first.is_visible()
    assert_accessible(page)
    page.get_by_label("Ho trovato un lavoro dipendente").check()
    page.get_by_label("Ritrovare fiducia in me").check()
    page.get_by_label("Sì", exact=True).check()
    page.get_by_role("button", name="Invia le risposte").click()
    assert page.get_by_role("heading", name="Grazie delle risposte").is_visible()
    assert_accessible(page)
    answer = SurveyAnswer.objects.get()
    assert (answer.work_situation_now, answer.helped, answer.recommend) == (
        "occupato",
        ["fiducia"],
        "si",
    )
