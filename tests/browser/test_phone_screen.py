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
        phone_page.get_by_role("heading", name="Hai perso il lavoro? Non sei solo, non sei sola."),
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


def test_maria_in_monza_finds_the_nearest_group_without_javascript(seeded_server, phone_page):
    phone_page.goto(seeded_server.url + reverse("home"))
    phone_page.get_by_label("Il tuo comune").fill("Monza")
    phone_page.get_by_role("button", name="Trova i gruppi vicini").click()
    phone_page.wait_for_url("**/gruppi/?comune=Monza")
    assert phone_page.get_by_role("heading", name="I gruppi più vicini a Monza").is_visible()
    first = phone_page.locator("#gruppi-vicini > li").first
    assert "AMALav Brugherio" in first.inner_text()
    assert "Brugherio, a 4 km" in first.inner_text()
    assert "Prossimo incontro" in first.inner_text()
    assert phone_page.locator(".province-map svg").is_visible()
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


@pytest.fixture
def strict_page(browser):
    """JavaScript on and the site's own Content-Security-Policy in force (no bypass)."""
    context = browser.new_context(viewport=PHONE, locale="it-IT", bypass_csp=False)
    yield context.new_page()
    context.close()


def test_the_groups_sort_by_distance_as_she_types_under_the_strict_csp(seeded_server, strict_page):
    errors: list[str] = []
    strict_page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    strict_page.on("pageerror", lambda error: errors.append(str(error)))
    strict_page.goto(seeded_server.url + reverse("groups:list"))
    cards = strict_page.locator("#gruppi-vicini > li")
    assert "AMALav Brugherio" in cards.first.inner_text()  # by town until she says where
    strict_page.get_by_label("Il tuo comune").press_sequentially("Med")
    assert not strict_page.locator("#gruppi-vicini .distance").first.is_visible()
    strict_page.get_by_label("Il tuo comune").press_sequentially("a")
    assert "Seveso, a 3 km" in cards.first.inner_text()
    assert strict_page.get_by_role("heading", name="I gruppi più vicini a Meda").is_visible()
    assert strict_page.locator("#vicini-stato").inner_text() == (
        "Gruppi ordinati dal più vicino a Meda."
    )
    assert strict_page.locator(".map-here").get_attribute("display") is None
    # No request was sent; the address is the one the server answers without JavaScript,
    # with the same list.
    assert strict_page.url.endswith("/gruppi/?comune=Meda")
    sorted_here = [" ".join(text.split()) for text in cards.all_inner_texts()]
    strict_page.reload()
    assert [" ".join(text.split()) for text in cards.all_inner_texts()] == sorted_here
    assert errors == []


def test_a_25_mb_photo_reaches_a_360_px_phone_as_at_most_60_kb(seeded_server, photo_item, browser):
    context = browser.new_context(viewport=PHONE, locale="it-IT")
    page = context.new_page()
    images: dict[str, int] = {}
    page.on(
        "requestfinished",
        lambda request: (
            request.resource_type == "image"
            and images.__setitem__(request.url, request.sizes()["responseBodySize"])
        ),
    )
    page.goto(seeded_server.url + photo_item.get_absolute_url())
    page.wait_for_load_state("load")
    photo = page.locator(".press-photo img")
    assert photo.evaluate("img => img.complete")
    assert photo.evaluate("img => img.currentSrc").endswith("-360w.webp")
    assert sum(images.values()) <= 60 * 1024, images
    context.close()
