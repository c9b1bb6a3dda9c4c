"""The second factor in Chromium, on a phone: enrolling, then logging in with a code or passkey."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from tests.browser.test_admin import Clicks
from tests.pages import AXE_OPTIONS

PASSWORD = "Brianza-2026-gruppi"
PHONE = {"width": 360, "height": 800}


@pytest.fixture
def anna(live_server, django_user_model):
    return django_user_model.objects.create_user(
        "anna", "anna@example.org", PASSWORD, is_staff=True, first_name="Anna"
    )


def assert_fits_and_passes_axe(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def enter_password(page, clicks: Clicks) -> None:
    page.get_by_label("Nome utente").fill("anna")
    page.get_by_label("Password").fill(PASSWORD)
    clicks.click(page.get_by_role("button", name="Accedi"))


def test_coordinator_enrols_an_app_then_logs_in_with_a_code_on_a_phone(live_server, anna, page):
    page.set_default_timeout(20_000)  # the shared machine is slow to log in
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("admin:login"))
    enter_password(page, Clicks(page))

    page.wait_for_url(re.compile(r".*/admin/verifica/attiva/.*"))
    assert page.get_by_role("heading", name="Aggiungi un secondo passaggio").is_visible()
    assert page.get_by_role("img", name="Codice QR per l'app").is_visible()
    assert_fits_and_passes_axe(page)
    # A wrong code first: the message sits beside the field.
    page.get_by_role("textbox", name="Codice").fill("000000")
    page.get_by_role("button", name="Attiva").click()
    assert page.get_by_text("Il codice non è giusto").is_visible()
    assert_fits_and_passes_axe(page)
    device = TOTPDevice.objects.get(user=anna, confirmed=False)
    page.get_by_role("textbox", name="Codice").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Attiva").click()

    assert page.get_by_role("heading", name="I tuoi codici di recupero").is_visible()
    assert page.locator(".recovery-codes li").count() == 10
    assert_fits_and_passes_axe(page)
    page.get_by_role("link", name="Ho conservato i codici: continua").click()
    page.wait_for_url(re.compile(r".*/admin/$"))
    page.get_by_role("button", name="Annulla l'accesso").click()

    # Another day: from the login page to the dashboard with the app's code.
    TOTPDevice.objects.filter(user=anna).update(last_t=-1)
    page.goto(live_server.url + reverse("admin:login"))
    clicks = Clicks(page)
    enter_password(page, clicks)
    page.wait_for_url(re.compile(r".*/admin/verifica/\?.*"))
    assert_fits_and_passes_axe(page)
    device.refresh_from_db()
    page.get_by_role("textbox", name="Codice").fill(f"{TOTP(device.bin_key).token():06d}")
    clicks.click(page.get_by_role("button", name="Verifica"))
    page.wait_for_url(re.compile(r".*/admin/$"))
    assert page.get_by_role("heading", name="Gestione del portale").is_visible()
    assert clicks.count <= 4

    # Her own factors and her own lines of the access record, on the same phone.
    page.get_by_role("link", name="Sicurezza").click()
    page.wait_for_url(re.compile(r".*/admin/sicurezza/$"))
    assert page.get_by_text("10 codici di recupero ancora da usare").is_visible()
    assert_fits_and_passes_axe(page)
    page.get_by_role("link", name="Il registro di ciò che hai aperto ed esportato").click()
    page.wait_for_url(re.compile(r".*/admin/accounts/accessrecord/$"))
    assert page.get_by_role("cell", name="secondo passaggio superato").first.is_visible()
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def test_second_step_pages_run_under_the_sites_csp(live_server, anna, browser):
    """The passkey scripts are files and JSON, never inline code: the real CSP lets them run."""
    context = browser.new_context(locale="it-IT", viewport=PHONE)  # no bypass_csp here
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(live_server.url + reverse("admin:login"))
    enter_password(page, Clicks(page))
    page.wait_for_url(re.compile(r".*/admin/verifica/attiva/.*"))
    page.wait_for_load_state("networkidle")
    # The passkey button appears only once django-otp-webauthn's module has run.
    assert page.get_by_role("button", name="Crea una passkey").is_visible()
    assert refused == []
    context.close()


@pytest.fixture
def passkey_site(live_server, settings):
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    return live_server


def add_virtual_authenticator(page) -> None:
    """Chromium's own test authenticator: a phone's fingerprint reader that always agrees."""
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable")
    session.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def test_coordinator_enrols_a_passkey_then_logs_in_with_it(passkey_site, anna, page):
    page.set_default_timeout(20_000)
    page.set_viewport_size(PHONE)
    add_virtual_authenticator(page)
    page.goto(passkey_site.url + reverse("admin:login"))
    enter_password(page, Clicks(page))
    page.get_by_role("button", name="Crea una passkey").click()

    page.wait_for_url(re.compile(r".*/admin/verifica/codici/.*"))
    assert page.get_by_role("heading", name="I tuoi codici di recupero").is_visible()
    assert WebAuthnCredential.objects.filter(user=anna, confirmed=True).count() == 1
    page.get_by_role("link", name="Ho conservato i codici: continua").click()
    page.wait_for_url(re.compile(r".*/admin/$"))
    page.get_by_role("button", name="Annulla l'accesso").click()

    page.goto(passkey_site.url + reverse("admin:login"))
    clicks = Clicks(page)
    enter_password(page, clicks)
    page.wait_for_url(re.compile(r".*/admin/verifica/\?.*"))
    assert_fits_and_passes_axe(page)
    clicks.click(page.get_by_role("button", name="Usa la passkey"))
    page.wait_for_url(re.compile(r".*/admin/$"))
    assert clicks.count <= 4
    user = get_user_model().objects.get(username="anna")
    assert user.access_records.filter(action="verifica", target="passkey").exists()
