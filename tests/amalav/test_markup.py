"""Every public page is valid HTML (the Nu Html Checker) and styled by the CSS we ship."""

import datetime
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from press.images import make_missing_renditions
from tests.pages import PUBLIC_PAGES
from tests.photos import attach_photo

pytestmark = pytest.mark.django_db

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
STYLESHEETS = sorted((Path(settings.BASE_DIR) / "static" / "css").glob("*.css"))
# Hooks crispy-forms puts on every field, and ours; nothing styles them, nor needs to.
UNSTYLED_HOOKS = {
    "page-content",
    "asteriskField",
    "checkboxinput",
    "tickedcheckbox",
    "emailinput",
    "radioselect",
    "regionalphonenumberwidget",
    "requiredField",
    "searchinput",
    "select",
    "textarea",
    "textinput",
}


@pytest.fixture
def pages(client, make_press_item, big_photo) -> dict[str, str]:
    """The HTML of every public page, the sign-up form with errors and the 404 page,
    "Dove abiti?" answered and refused, and a press item with a photo."""
    call_command("load_seed", stdout=mock.MagicMock())
    item = make_press_item("Le foto della conferenza", datetime.date(2016, 4, 13))
    attach_photo(item, big_photo, "La conferenza stampa a Cesano Maderno")
    make_missing_renditions()
    html = {}
    for name, args, _texts in PUBLIC_PAGES:
        url = reverse(name, args=args)
        html[url] = client.get(url).content.decode()
    for url in ("/gruppi/?comune=Monza", "/gruppi/?comune=Milano", item.get_absolute_url()):
        html[url] = client.get(url).content.decode()
    url = reverse("signups:signup")
    html[f"{url} (errors)"] = client.post(url, {"email": "x"}).content.decode()
    html["404"] = client.get("/pagina-che-non-esiste/").content.decode()
    return html


def vnu_command() -> list[str]:
    """java -jar vnu.jar, or a skip (a failure under CI) saying what is missing."""
    java = shutil.which("java")
    missing = []
    if java is None:
        missing.append("java (apt-get install default-jre-headless)")
    if not VNU_JAR.exists():
        missing.append(f"{VNU_JAR.relative_to(settings.BASE_DIR)} (make node)")
    if missing:
        reason = "the HTML validator needs " + " and ".join(missing)
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI must validate the HTML, but {reason}")
        pytest.skip(reason)
    return [java, "-Xss4m", "-jar", str(VNU_JAR)]


@pytest.mark.vnu
def test_every_public_page_is_valid_html(pages, tmp_path):
    files = {}
    # A folder of their own: MEDIA_ROOT (the photos) is in tmp_path too.
    folder = tmp_path / "pages"
    folder.mkdir()
    for number, (url, html) in enumerate(pages.items()):
        path = folder / f"page{number}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = url
    pages_to_check = sorted(map(str, folder.iterdir()))
    command = [*vnu_command(), "--errors-only", "--format", "json", *pages_to_check]
    result = subprocess.run(  # noqa: S603 (our own files, a fixed command)
        command,
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{files[m['url'].rsplit('/', 1)[-1]]} line {m.get('lastLine')}: {m['message']}"
        f" [{' '.join(m.get('extract', '').split())}]"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert not errors, "\n".join(errors)


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
    # A Bootstrap class missing here is one assets/_bootstrap-subset.scss leaves out: add it,
    # then `make css`.
    assert not undefined, "\n".join(f"{name} (on {url})" for name, url in undefined.items())
