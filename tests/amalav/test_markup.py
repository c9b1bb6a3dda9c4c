"""Every public page is styled by the CSS we ship."""

import re
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from tests.amalav.test_pages import PUBLIC_PAGES

pytestmark = pytest.mark.django_db

STYLESHEETS = sorted((Path(settings.BASE_DIR) / "static" / "css").glob("*.css"))
# Hooks crispy-forms puts on every field, and ours; nothing styles them, nor needs to.
UNSTYLED_HOOKS = {
    "page-content",
    "asteriskField",
    "checkboxinput",
    "emailinput",
    "radioselect",
    "requiredField",
    "searchinput",
    "select",
    "textarea",
    "textinput",
}


@pytest.fixture
def pages(client) -> dict[str, str]:
    """The HTML of every public page, the sign-up form with errors and the 404 page."""
    call_command("load_seed", stdout=mock.MagicMock())
    html = {}
    for name, args, _texts in PUBLIC_PAGES:
        url = reverse(name, args=args)
        html[url] = client.get(url).content.decode()
    url = reverse("groups:signup")
    html[f"{url} (errors)"] = client.post(url, {"email": "x"}).content.decode()
    html["404"] = client.get("/pagina-che-non-esiste/").content.decode()
    return html


def test_every_class_on_a_public_page_is_defined_in_our_stylesheets(pages):
    defined = set()
    for stylesheet in STYLESHEETS:
        defined |= set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", stylesheet.read_text()))
    undefined = {}
    for url, html in pages.items():
        for attribute in re.findall(r'class="([^"]*)"', html):
            for name in attribute.split():
                if name not in defined and name not in UNSTYLED_HOOKS:
                    undefined.setdefault(name, url)
    # A Bootstrap class missing here is one assets/bootstrap.scss leaves out: add it, `make css`.
    assert not undefined, "\n".join(f"{name} (on {url})" for name, url in undefined.items())
