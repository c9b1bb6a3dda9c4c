"""Every admin page the office, a coordinator and a visitor open, in Chromium.

The pages are found by tests/admin_pages.py from the admin's registry and URL patterns.
Each is checked with axe (WCAG 2.2 AA tags) on a laptop (1366 px) and a phone (360 px),
for English once its scripts have run (the text editor names its buttons in code), and
for lists wider than a laptop's screen.
"""

from pathlib import Path

import axe_playwright_python
import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import resolve, reverse

from tests.admin_pages import action_pages, admin_pages, fill_every_list
from tests.browser.test_admin import LAPTOP, log_in
from tests.browser.test_admin import people as people  # the fixture, shared
from tests.english import BROWSER_TEXTS, english_in
from tests.pages import AXE_OPTIONS

PHONE = {"width": 360, "height": 800}
AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js").read_text()
# Pages of these kinds share one template and differ only in the rows they list: one of
# each per person is walked (the Italian walk with the test client reads them all).
ONE_OF_EACH = ("_history", "_delete", "app_list")
WIDER_THAN_SCREEN = """() => {
    const results = document.querySelector('.results');
    const page = document.documentElement.scrollWidth - window.innerWidth;
    return Math.max(page, results ? results.scrollWidth - results.clientWidth : 0);
}"""


def one_of_each_kind(urls: list[str]) -> list[str]:
    seen, kept = set(), []
    for url in urls:
        name = resolve(url).url_name or ""
        kind = next((kind for kind in ONE_OF_EACH if name.endswith(kind)), None)
        if kind is None or kind not in seen:
            kept.append(url)
        seen.add(kind)
    return kept


@pytest.mark.long
@pytest.mark.parametrize("username", ["capo", "anna", None])
def test_every_admin_page_is_accessible_italian_and_fits_a_laptop(
    seeded_server, people, page, username
):
    fill_every_list(people["anna"])
    user = people[username] if username else AnonymousUser()
    urls = one_of_each_kind(admin_pages(Client(), user, account=people["anna"]))
    actions = action_pages(Client(), user) if username else []
    deletions = [action for action in actions if action.name == "delete_selected"]
    actions = [action for action in actions if action.name != "delete_selected"] + deletions[:1]
    assert len(urls) > (40 if username == "capo" else 20 if username else 3)
    if username:
        log_in(page, seeded_server, username)
    page.context.add_init_script(AXE_SCRIPT)
    problems: dict[str, str] = {}

    def check(label: str, is_list: bool = False) -> None:
        english = english_in(page.evaluate(BROWSER_TEXTS), label)
        if english:
            problems[f"{label}: English"] = repr(english)
        if is_list and page.evaluate(WIDER_THAN_SCREEN) > 0:
            problems[f"{label}: wider than 1366 px"] = str(page.evaluate(WIDER_THAN_SCREEN))
        for size in (LAPTOP, PHONE):
            page.set_viewport_size(size)
            result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
            for violation in result["violations"]:
                targets = [node["target"] for node in violation["nodes"]]
                problems[f"{label} at {size['width']} px: {violation['id']}"] = str(targets)
        page.set_viewport_size(LAPTOP)

    for url in urls:
        page.goto(seeded_server.url + url)
        check(url, is_list=resolve(url).url_name.endswith("_changelist"))
    for action in actions:
        page.goto(seeded_server.url + action.changelist)
        page.locator(f'#result_list input[name="_selected_action"][value="{action.pk}"]').check()
        page.locator('select[name="action"]').select_option(action.name)
        page.locator('button[name="index"]').click()
        page.wait_for_load_state()
        check(f"{action.changelist}, action {action.name}")
    assert not problems, "\n".join(f"{key}: {value}" for key, value in problems.items())


def test_text_editor_offers_its_formats_in_italian(seeded_server, people, page):
    log_in(page, seeded_server, "anna")
    page.goto(seeded_server.url + reverse("admin:flatpages_flatpage_add"))
    page.locator(".prose-menubar__selected").click()
    names = page.evaluate(BROWSER_TEXTS)
    assert "grassetto" in names and "inserisci un link" in names
    assert "Paragrafo" in names and "Titolo 2" in names
    assert page.locator(".prose-editor .tiptap").get_attribute("aria-label") == "Contenuto"
    assert english_in(names) == []
