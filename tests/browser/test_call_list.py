"""The call list on a coordinator's phone: what to read out, a number to tap, "Fatto"."""

import re

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone

from groups.models import Group
from signups import services
from signups.models import SignupRequest
from tests.browser.login import pass_login
from tests.forms import STAFF_PASSWORD
from tests.pages import AXE_OPTIONS


def test_a_call_on_a_phone_has_a_thumb_sized_done_button_and_a_whole_number(
    seeded_server, make_coordinator, page
):
    cesano = Group.objects.get(slug="cesano-maderno")
    make_coordinator(cesano)
    paolo = SignupRequest.objects.create(
        first_name="Paolo",
        last_name="Verdi",
        email="",
        phone="+390362501234",
        town="Cesano Maderno",
        group=cesano,
        privacy_version="2026-11",
        privacy_accepted_at=timezone.now(),
    )
    services.notify_new_requests()  # his confirmation goes on the call list
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(seeded_server.url + reverse("admin:login"))
    pass_login(page, "anna", STAFF_PASSWORD)
    page.wait_for_url(re.compile(r".*/admin/$"))

    call = page.locator(".call-list li").filter(has_text=str(paolo))
    done = call.get_by_role("button", name="Fatto")
    box = done.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    number = call.locator('a[href^="tel:"]')
    assert number.evaluate("a => a.getClientRects().length") == 1  # on one line
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()

    done.click()
    page.wait_for_url(re.compile(r".*/admin/$"))
    assert page.locator(".call-list li").filter(has_text=str(paolo)).count() == 0
