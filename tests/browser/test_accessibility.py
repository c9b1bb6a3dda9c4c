import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone

from tests.pages import AXE_OPTIONS, PUBLIC_PAGES

# The narrowest phone WCAG 1.4.10 asks for, Maria's, and a desktop.
WIDTHS = [320, 360, 1280]


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("width", WIDTHS)
def test_every_public_page_passes_axe_with_no_console_errors(
    seeded_server, photo_item, page, axe, width
):
    page.set_viewport_size({"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda r: r.status >= 400 and errors.append(f"{r.status} {r.url}"))
    failures = {}
    today = timezone.localdate()
    paths = []
    for name, args, _texts in PUBLIC_PAGES:
        if name == "meetings:month":  # the demo seed moves every cycle to today
            args = [today.year, today.month]
        paths.append(reverse(name, args=args))
    # "Dove abiti?" answered and refused, and a press item with a photo.
    paths += ["/gruppi/?comune=Monza", "/gruppi/?comune=Milano", photo_item.get_absolute_url()]
    for path in paths:
        url = seeded_server.url + path
        response = page.goto(url)
        assert response.status == 200, url
        results = axe.run(page, options=AXE_OPTIONS)
        if results.violations_count:
            failures[url] = results.generate_report()
        # Nothing wider than the screen: no sideways scrolling on a phone.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at {width}px"
    assert not failures, "\n\n".join(f"{url}\n{report}" for url, report in failures.items())
    assert errors == []


def tab_to(page, expression: str, expected: str, most: int = 30) -> None:
    """Presses Tab until `expression` on the focused element gives `expected`."""
    for _step in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.{expression}") == expected:
            return
    pytest.fail(f"{expected!r} is not reachable with Tab")


def test_keyboard_alone_reaches_and_fills_the_signup_form(seeded_server, page):
    page.goto(seeded_server.url + reverse("home"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Vai al contenuto"
    tab_to(page, "textContent.trim()", "Aderisci")
    page.keyboard.press("Enter")
    page.wait_for_url("**/aderisci/")
    tab_to(page, "id", "id_first_name")
    page.keyboard.type("Lucia")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_last_name"


def test_skip_link_moves_focus_to_the_content(seeded_server, page):
    page.goto(seeded_server.url + reverse("groups:list"))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenuto"
