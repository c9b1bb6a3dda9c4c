import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.urls import reverse

from core.outbox import deliver_due
from signups.models import SignupRequest
from signups.services import notify_new_requests
from tests.pages import AXE_OPTIONS, PUBLIC_PAGES


def label(text: str) -> re.Pattern:
    """A field's label as shown, with the asterisk of required fields."""
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


def fill_signup_form(page) -> None:
    page.get_by_label(label("Nome")).fill("Lucia")
    page.get_by_label(label("Cognome")).fill("Brambilla")
    page.get_by_label(label("Comune di residenza")).fill("Verano Brianza")
    page.get_by_label("In cassa integrazione").check()
    page.get_by_label(label("Email")).fill("lucia.brambilla@example.org")
    page.get_by_label(label("Telefono")).fill("348 765 4321")
    page.get_by_label("Ho letto l'informativa sulla privacy").check()


def test_person_signs_up_for_a_group_in_chromium(seeded_server, page):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(seeded_server.url + reverse("groups:list"))
    page.get_by_role("link", name="AMALav Archimedes Verano Brianza").first.click()
    page.get_by_role("link", name="Aderisci ad AMALav Archimedes Verano Brianza").click()
    assert page.get_by_label(label("Gruppo")).input_value() != ""
    fill_signup_form(page)
    page.get_by_role("button", name="Invia la richiesta").click()
    page.wait_for_url("**/aderisci/grazie/**")
    assert page.get_by_role(
        "heading", name="Grazie, abbiamo ricevuto la tua richiesta"
    ).is_visible()
    signup = SignupRequest.objects.get()
    assert signup.group.slug == "verano-brianza-archimedes"
    assert signup.phone == "+393487654321"
    notify_new_requests()
    deliver_due()
    assert len(mail.outbox) == 2


def test_mistakes_are_explained_beside_the_fields(seeded_server, page):
    page.goto(seeded_server.url + reverse("signups:signup"))
    page.get_by_label(label("Nome")).fill("Lucia")
    page.get_by_role("button", name="Invia la richiesta").click()
    assert page.get_by_text("Controlla il modulo").is_visible()
    phone_error = page.locator("#id_phone_error")
    assert "Indica almeno un'email o un numero di telefono" in phone_error.inner_text()
    assert page.get_by_label(label("Nome")).input_value() == "Lucia"
    assert SignupRequest.objects.count() == 0
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False, bypass_csp=True, locale="it-IT")
    page = context.new_page()
    yield page
    context.close()


def test_signup_and_browsing_work_without_javascript(seeded_server, no_js_page):
    page = no_js_page
    for name, args, _texts in PUBLIC_PAGES:
        page.goto(seeded_server.url + reverse(name, args=args))
        assert page.get_by_role("heading", level=1).first.is_visible(), name
    page.goto(seeded_server.url + reverse("home"))
    page.get_by_role("link", name="Calendario").first.click()
    assert page.get_by_role("heading", name="Calendario degli incontri").is_visible()
    page.goto(seeded_server.url + reverse("press:list") + "?q=gruppi")
    assert page.get_by_role("link", name="Ripartono i gruppi").first.is_visible()
    page.goto(seeded_server.url + reverse("signups:signup"))
    fill_signup_form(page)
    page.get_by_role("button", name="Invia la richiesta").click()
    page.wait_for_url("**/aderisci/grazie/**")
    assert SignupRequest.objects.count() == 1


def contrast(rgb_a: str, rgb_b: str) -> float:
    """WCAG contrast ratio of two CSS rgb() colours."""

    def luminance(rgb: str) -> float:
        channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(rgb_a), luminance(rgb_b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_form_field_borders_stand_out_from_the_page(seeded_server, page):
    # WCAG 1.4.11: what shows where to type or tap needs 3:1 against its background.
    page.goto(seeded_server.url + reverse("signups:signup"))
    for selector in (
        "#id_first_name",
        "#id_group",
        "#id_message",
        "#id_work_situation_0",
        "#id_privacy",
    ):
        border = page.eval_on_selector(selector, "e => getComputedStyle(e).borderTopColor")
        assert contrast(border, "rgb(255, 255, 255)") >= 3, (selector, border)


def test_thank_you_address_carries_no_field_anchor_after_fixing_through_the_summary(
    seeded_server, page
):
    page.goto(seeded_server.url + reverse("signups:signup"))
    fill_signup_form(page)
    page.get_by_label(label("Email")).fill("")
    page.get_by_label(label("Telefono")).fill("")
    page.get_by_role("button", name="Invia la richiesta").click()
    # The error summary links to the field: the address gains #id_email.
    page.locator("#errori a[href='#id_email']").click()
    assert page.url.endswith("#id_email")
    page.get_by_label(label("Email")).fill("lucia.brambilla@example.org")
    page.get_by_role("button", name="Invia la richiesta").click()
    page.wait_for_url("**/aderisci/grazie/**")
    assert "#" not in page.url


def test_a_person_with_only_a_phone_reads_on_the_thank_you_page_the_number_we_will_call(
    seeded_server, page
):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(seeded_server.url + reverse("signups:signup"))
    fill_signup_form(page)
    page.get_by_label(label("Email")).fill("")
    page.get_by_role("button", name="Invia la richiesta").click()
    page.wait_for_url("**/aderisci/grazie/**")
    assert page.get_by_text("Ti chiameremo al 348 7654321").is_visible()
    # The marker is the thank-you page's alone: no other page's request carries it.
    (cookie,) = [c for c in page.context.cookies() if c["name"] == "adesione"]
    assert cookie["path"] == reverse("signups:thanks") and cookie["httpOnly"]
