import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.utils import timezone

from groups.models import Group
from signups import services
from signups.models import SignupRequest
from tests.pages import AXE_OPTIONS


@pytest.fixture
def offer_link(seeded_server) -> str:
    group = Group.objects.filter(meetings__isnull=False).first()
    person = SignupRequest.objects.create(
        first_name="Lucia",
        last_name="Brambilla",
        email="lucia.brambilla@example.org",
        town="Seveso",
        group=group,
        privacy_version="2026-11",
        privacy_accepted_at=timezone.now(),
        status=SignupRequest.Status.WAITING,
    )
    group.capacity = None  # a place free whatever the demo's numbers
    group.save()
    offer, _replaced = services.offer_place(person, group.coordinators.first())
    return seeded_server.url + services.offer_url(offer).removeprefix(settings.SITE_URL)


def assert_accessible(page) -> None:
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_a_place_offered_is_taken_from_the_link_on_a_phone_and_every_page_is_accessible(
    offer_link, page
):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(offer_link)
    assert_accessible(page)
    page.get_by_role("button", name="Sì, voglio il posto").click()
    assert page.get_by_text("il posto è tuo").is_visible()
    assert_accessible(page)
    assert SignupRequest.objects.get(first_name="Lucia").status == SignupRequest.Status.ACCEPTED
    response = page.goto(offer_link)
    assert response.status == 400
    assert page.get_by_role("heading", name="Hai già accettato il posto").is_visible()
    assert_accessible(page)
