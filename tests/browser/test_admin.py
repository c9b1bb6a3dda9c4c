"""The coordinators' daily work in Chromium: few clicks, lists that fit a laptop, axe."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import Group
from meetings.models import Meeting
from press.models import PressItem
from signups.models import SignupRequest
from tests.browser.login import pass_login
from tests.forms import STAFF_PASSWORD

LAPTOP = {"width": 1366, "height": 768}
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63e08e0bfd0f0002f401be1f0541cc0000000049454e44ae426082"
)


class Clicks:
    """Counts what a person does with the mouse; typing and Tab are free."""

    def __init__(self, page) -> None:
        self.page = page
        self.count = 0

    def click(self, locator, **kwargs) -> None:
        self.count += 1
        locator.click(**kwargs)


@pytest.fixture
def people(seeded_server, capo, make_coordinator):
    cesano = Group.objects.get(slug="cesano-maderno")
    anna = make_coordinator(cesano)
    SignupRequest.objects.create(
        first_name="Lucia",
        last_name="Brambilla",
        email="lucia@example.org",
        phone="+393487654321",
        town="Desio",
        group=cesano,
        privacy_version="2026-11",
        privacy_accepted_at=timezone.now(),
    )
    return {"capo": capo, "anna": anna}


def log_in(page, server, username: str) -> None:
    page.set_default_timeout(20_000)  # the shared machine is slow to log in
    page.set_viewport_size(LAPTOP)
    page.goto(server.url + reverse("admin:login"))
    pass_login(page, username, STAFF_PASSWORD)
    page.wait_for_url(re.compile(r".*/admin/$"))


@pytest.mark.parametrize("username", ["capo", "anna"])
def test_request_meeting_and_group_lists_fit_a_laptop_with_the_sidebar_open(
    seeded_server, people, page, username
):
    log_in(page, seeded_server, username)
    for name in (
        "admin:signups_signuprequest_changelist",
        "admin:meetings_meeting_changelist",
        "admin:groups_group_changelist",
    ):
        page.goto(seeded_server.url + reverse(name))
        assert page.locator("#nav-sidebar").is_visible()
        overflow = page.evaluate(
            """() => {
                const results = document.querySelector('.results');
                const page = document.documentElement.scrollWidth - window.innerWidth;
                const table = results ? results.scrollWidth - results.clientWidth : 0;
                return Math.max(page, table);
            }"""
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px for {username}"


def test_coordinator_calls_a_new_request_in_two_clicks(seeded_server, people, page):
    log_in(page, seeded_server, "anna")
    clicks = Clicks(page)
    clicks.click(page.get_by_role("link", name="Richieste di adesione").first)
    call = page.get_by_role("link", name="348 7654321")
    assert call.get_attribute("href") == "tel:+393487654321"
    clicks.click(call, no_wait_after=True)
    assert clicks.count <= 2


def test_coordinator_marks_a_request_contacted_in_two_clicks(seeded_server, people, page):
    log_in(page, seeded_server, "anna")
    clicks = Clicks(page)
    clicks.click(page.get_by_role("link", name="Richieste di adesione").first)
    clicks.click(page.get_by_role("button", name="Contattata"))
    page.wait_for_load_state()
    assert page.get_by_text("segnata come contattata").is_visible()
    assert SignupRequest.objects.get().status == SignupRequest.Status.CONTACTED
    assert clicks.count <= 2


def test_coordinator_promotes_from_the_waiting_list_in_three_clicks(seeded_server, people, page):
    lucia = SignupRequest.objects.get(first_name="Lucia")
    lucia.status = SignupRequest.Status.WAITING
    lucia.save()
    Group.objects.filter(pk=lucia.group_id).update(capacity=None)  # a place free
    log_in(page, seeded_server, "anna")
    clicks = Clicks(page)
    clicks.click(page.get_by_role("link", name="Richieste di adesione").first)
    clicks.click(page.get_by_role("link", name="Lucia Brambilla"))
    clicks.click(page.get_by_role("button", name="Offri il posto ora"))
    page.wait_for_load_state()
    assert page.get_by_text("posto offerto a Lucia Brambilla").is_visible()
    assert lucia.offers.get().status == "aperta"
    assert clicks.count <= 3


def test_coordinator_moves_a_meeting_in_four_clicks(seeded_server, people, page):
    log_in(page, seeded_server, "anna")
    meeting = Meeting.objects.filter(group__slug="cesano-maderno").upcoming().first()
    new_day = timezone.localdate(meeting.starts_at) + datetime.timedelta(days=1)
    clicks = Clicks(page)
    # The model's link, not the app's (both read "Incontri").
    clicks.click(
        page.locator(
            f'#content-main a[href="{reverse("admin:meetings_meeting_changelist")}"]'
        ).first
    )
    clicks.click(page.locator(f'#result_list a[href*="/{meeting.pk}/change/"]').first)
    clicks.click(page.locator("#id_starts_at_0"))
    page.locator("#id_starts_at_0").fill(new_day.strftime("%d/%m/%Y"))
    clicks.click(page.get_by_role("button", name="Salva", exact=True))
    page.wait_for_load_state()
    meeting.refresh_from_db()
    assert timezone.localdate(meeting.starts_at) == new_day
    assert meeting.status == Meeting.Status.MOVED
    assert clicks.count <= 4


def test_coordinator_publishes_a_press_item_with_an_attachment_in_six_clicks(
    seeded_server, people, page
):
    log_in(page, seeded_server, "anna")
    clicks = Clicks(page)
    row = page.locator("tr", has=page.get_by_role("link", name="Rassegna stampa", exact=True))
    clicks.click(row.get_by_role("link", name="Aggiungi"))
    clicks.click(page.locator("#id_title"))
    page.keyboard.type("Nuovo gruppo a Desio")
    clicks.click(page.get_by_role("link", name="Oggi").first)
    upload = page.locator("#id_attachments-0-file")
    upload.set_input_files({"name": "volantino.png", "mimeType": "image/png", "buffer": PNG})
    clicks.count += 1  # choosing the file is one click in the file dialog
    # The dialog gives the focus back to the file box; the caption is the next field.
    upload.focus()
    page.keyboard.press("Tab")
    page.keyboard.type("Il volantino del gruppo di Desio")
    clicks.click(page.get_by_label("Pubblicato"))
    clicks.click(page.get_by_role("button", name="Salva", exact=True))
    page.wait_for_load_state()
    item = PressItem.objects.get(title="Nuovo gruppo a Desio")
    assert item.is_published
    assert item.attachments.get().caption == "Il volantino del gruppo di Desio"
    assert clicks.count <= 6


def test_office_creates_a_coordinator_for_one_group_in_five_clicks(seeded_server, people, page):
    log_in(page, seeded_server, "capo")
    clicks = Clicks(page)
    clicks.click(page.get_by_role("link", name="Gruppi", exact=True).first)
    clicks.click(page.get_by_role("link", name="Nuovo coordinatore"))
    clicks.click(page.locator("#id_first_name"))
    page.keyboard.type("Bruna")
    page.keyboard.press("Tab")
    page.keyboard.type("Colombo")
    page.keyboard.press("Tab")
    page.keyboard.type("bruna@example.org")
    clicks.click(page.get_by_label("AMALav Seveso"))
    clicks.click(page.get_by_role("button", name="Crea e invia l'email"))
    page.wait_for_load_state()
    assert Group.objects.get(slug="seveso").coordinators.filter(email="bruna@example.org")
    assert clicks.count <= 5


def test_contacted_button_is_on_a_phone_screen_without_scrolling_sideways(
    seeded_server, people, page
):
    log_in(page, seeded_server, "anna")
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(seeded_server.url + reverse("admin:signups_signuprequest_changelist"))
    button = page.get_by_role("button", name="Contattata").bounding_box()
    assert button["x"] >= 0 and button["x"] + button["width"] <= 360


def test_coordinator_writes_a_text_page_in_the_rich_text_editor_under_our_csp(
    seeded_server, people, browser
):
    context = browser.new_context(locale="it-IT")  # the real CSP, not bypassed for axe
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, seeded_server, "anna")
    page.goto(seeded_server.url + reverse("admin:flatpages_flatpage_add"))
    page.locator("#id_url").fill("/chi-siamo/")
    page.locator("#id_title").fill("Chi siamo")
    editor = page.get_by_role("textbox").and_(page.locator(".ProseMirror"))
    editor.click()
    page.keyboard.type("Siamo i gruppi AMALav.")
    page.locator("#id_menu_entry-0-in_menu").check()
    page.get_by_role("button", name="Salva", exact=True).click()
    page.wait_for_load_state()
    # The editor sets an inline style our style-src refuses, harmlessly; scripts all ran.
    assert [error for error in errors if "Applying inline style" not in error] == []
    page.goto(seeded_server.url + "/chi-siamo/")
    assert page.get_by_text("Siamo i gruppi AMALav.").is_visible()
    assert (
        page.get_by_role("navigation", name="Navigazione principale")
        .get_by_role("link", name="Chi siamo")
        .is_visible()
    )
    context.close()


def test_text_page_editor_offers_no_format_the_page_drops(seeded_server, people, page):
    log_in(page, seeded_server, "anna")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(seeded_server.url + reverse("admin:flatpages_flatpage_add"))
    page.get_by_role("textbox").and_(page.locator(".ProseMirror")).wait_for()
    # Buttons carry their name as a title; the block-type dropdown lists the headings.
    offered = page.evaluate(
        """() => [...document.querySelectorAll('.prose-menubar *')]
            .map(e => e.title || e.getAttribute('aria-label') || '')
            .concat(document.querySelector('.prose-menubar').textContent)
            .join(' ').toLowerCase()"""
    )
    # In Italian, as coordinators read them (locale/it/LC_MESSAGES/djangojs.po).
    assert "grassetto" in offered and "titolo 2" in offered and "titolo 4" in offered
    for dropped in ("sottolineato", "barrato", "pedice", "apice", "linea orizzontale"):
        assert dropped not in offered
    for level in (1, 5, 6):
        assert f"titolo {level}" not in offered and f"titolo di livello {level}" not in offered


def test_coordinator_writes_to_the_whole_group_in_five_clicks(seeded_server, people, page):
    from core.models import Message

    SignupRequest.objects.update(status="accettata", accepted_at=timezone.now())
    log_in(page, seeded_server, "anna")
    clicks = Clicks(page)
    clicks.click(page.get_by_role("link", name="Scrivi a tutto il gruppo AMALav Cesano Maderno"))
    page.get_by_label("Oggetto").fill("Curriculum")
    page.get_by_label("Messaggio").fill("Al prossimo incontro porta il curriculum.")
    clicks.click(page.get_by_role("button", name="Anteprima"))
    assert page.get_by_text("1 per email, 0 per SMS, 0 da chiamare").is_visible()
    clicks.click(page.get_by_role("button", name="Invia"))
    assert page.get_by_text("Messaggio in partenza: 1 per email.").is_visible()
    assert clicks.count <= 5
    assert Message.objects.filter(kind="group-message", to="lucia@example.org").exists()
