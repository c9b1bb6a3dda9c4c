"""What Maria sees on a 360 x 740 phone screen, with JavaScript off."""

import pytest
from django.urls import reverse

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="it-IT")
    yield context.new_page()
    context.close()


def test_home_shows_what_it_is_free_join_and_a_group_with_its_next_meeting_above_the_fold(
    seeded_server, phone_page
):
    phone_page.goto(seeded_server.url + reverse("home"))
    assert phone_page.locator("header").bounding_box()["height"] <= 120
    fold = PHONE["height"]
    for locator in (
        phone_page.get_by_role("heading", name="Hai perso il lavoro? Non sei solo."),
        phone_page.get_by_text("Partecipare è gratuito."),
        phone_page.get_by_role("link", name="Chiedi di partecipare"),
        phone_page.locator(".group-cards > li").first,
    ):
        box = locator.bounding_box()
        assert box["y"] + box["height"] <= fold, locator
    assert "Prossimo incontro" in phone_page.locator(".group-cards > li").first.inner_text()


def test_calendar_on_a_phone_hides_the_grid_with_its_heading_and_keeps_times_whole(
    seeded_server, phone_page
):
    phone_page.goto(seeded_server.url + reverse("meetings:list"))
    assert not phone_page.locator("#mese-title").is_visible()
    assert not phone_page.get_by_role("navigation", name="Mesi").is_visible()
    ranges = phone_page.locator(".time-range")
    assert ranges.count() > 5
    heights = {round(box["height"]) for box in (r.bounding_box() for r in ranges.all())}
    line = phone_page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.time-range')).lineHeight)"
    )
    assert max(heights) <= line * 1.2


def test_calendar_group_filter_works_without_javascript(seeded_server, phone_page):
    phone_page.goto(seeded_server.url + reverse("meetings:list"))
    phone_page.get_by_label("Gruppo").select_option(label="AMALav Seveso")
    phone_page.get_by_role("button", name="Mostra").click()
    assert "gruppo=seveso" in phone_page.url
    groups = set(phone_page.locator(".meeting-list li > a strong").all_inner_texts())
    assert groups == {"AMALav Seveso"}
