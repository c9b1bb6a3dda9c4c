"""Every admin page a superuser and a coordinator can open speaks Italian."""

import datetime
import re
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from amalav.accounts import send_password_resets
from groups.models import Group
from meetings.models import ClosurePeriod
from signups.models import SignupRequest
from tests.admin_pages import action_pages, admin_pages, fill_every_list
from tests.english import CATALOGUES, editor_button_names, english_in, page_texts, translated
from tests.logins import log_in_verified

pytestmark = pytest.mark.django_db

# English the issue found in the admin (issue 15), whole words and phrases.
ENGLISH = [
    "AXES",
    "Axes",
    "Access attempts",
    "Access failures",
    "Access logs",
    "FLAT PAGES",
    "Flat pages",
    "Sequence",
    "Choose",
    "by selecting them",
    "Password-based authentication",
    "Enabled",
    "Disabled",
    "Error:",
    "MODEL NAME",
    "Model name",
    "ADD LINK",
    "Add link",
    "Status",
    "Attempt Time",
    "IP Address",
    "User Agent",
]


def wrong_articles() -> re.Pattern:
    """ "Il " before a model name that is feminine or starts with a vowel."""
    names = set()
    for model in apps.get_models():
        for name in (model._meta.verbose_name, model._meta.verbose_name_plural):
            name = str(name).lower()
            first = name.split()[0] if name.split() else ""
            if name[:1] in "aeiou" or first.endswith("a") or first in ("sede", "fase", "voce"):
                names.add(re.escape(name))
    return re.compile(r"\bIl (" + "|".join(sorted(names)) + r")\b", re.IGNORECASE)


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return strip_tags(html)


@pytest.fixture
def portal(demo_seeded, capo, make_coordinator):
    cesano = Group.objects.get(slug="cesano-maderno")
    SignupRequest.objects.create(
        first_name="Lucia",
        last_name="Brambilla",
        email="lucia@example.org",
        town="Desio",
        group=cesano,
        privacy_version="2026-11",
        privacy_accepted_at=timezone.now(),
    )
    ClosurePeriod.objects.create(
        start=datetime.date(2026, 12, 21), end=datetime.date(2027, 1, 6), reason="Natale"
    )
    return {"capo": capo, "anna": make_coordinator(cesano)}


def problems_on(url: str, response, articles: re.Pattern) -> list[str]:
    html = response.content.decode()
    text = visible_text(html)
    found = [word for word in ENGLISH if re.search(rf"\b{re.escape(word)}\b", text)]
    found += articles.findall(text)
    found += english_in(page_texts(html), url)
    return [f"{url}: {found}"] if found else []


@pytest.mark.long
@pytest.mark.parametrize("username", ["capo", "anna", None])
def test_every_admin_page_speaks_italian(client, portal, username):
    """Every page the admin's registry and URLs lead to, its actions' pages too."""
    fill_every_list(portal["anna"])
    user = portal[username] if username else AnonymousUser()
    urls = admin_pages(client, user, account=portal["anna"])
    assert len(urls) > (80 if username == "capo" else 30 if username else 3)
    articles = wrong_articles()
    problems = []
    for url in urls:
        problems += problems_on(url, client.get(url, follow=True), articles)
    for action in action_pages(client, user) if username else []:
        with transaction.atomic():
            response = client.post(action.changelist, action.post_data())
            transaction.set_rollback(True)
        problems += problems_on(f"{action.changelist} {action.name}", response, articles)
    assert not problems, "\n".join(problems)


def test_every_registered_model_has_a_page_in_the_walk(client, portal):
    """A model added to the admin gets sample rows in fill_every_list, or the walk skips it."""
    fill_every_list(portal["anna"])
    urls = admin_pages(client, portal["capo"])
    for model in admin.site._registry:
        opts = model._meta
        change = f"/admin/{opts.app_label}/{opts.model_name}/"
        assert any(url.startswith(change) and url.endswith("/change/") for url in urls), change


def test_english_is_found_where_it_was(client, portal):
    """The detector sees what coordinators saw on main (issue 22)."""
    found = english_in(
        [
            "Change or view list link",
            "Forgotten your login credentials?",
            "In case you\u2019ve forgotten, you are: anna",
            "Heading 1",
            "insert link",
            "Clean up expired attempts",
            "Attempt Time",
        ]
    )
    assert len(found) == 7
    assert english_in(["Partecipante dal", "Email", "Cesano Maderno", "Accedi"]) == []


def test_password_reset_email_is_italian(client, portal, delivered):
    response = client.post(reverse("admin_password_reset"), {"email": "anna@example.org"})
    assert response.status_code == 302
    send_password_resets()
    (email,) = [m for m in delivered() if m.subject.startswith("AMALav: il link")]
    texts = [email.subject, *email.body.splitlines()]
    assert english_in(texts) == [], texts
    assert "Il tuo nome utente è anna." in email.body


def test_password_reset_pages_name_the_portal_not_django(client):
    page = client.get(reverse("admin_password_reset")).content.decode()
    assert "AMALav - amministrazione" in page
    assert "Django" not in visible_text(page)


def test_every_admin_message_has_its_italian(settings):
    """Django's admin and auth, axes, the editor: each message has Italian."""
    missing = []
    for path in filter(Path.exists, CATALOGUES):
        for entry in polib.pofile(str(path)):
            if (
                entry.msgid
                and not entry.obsolete
                and translated(entry.msgid, entry.msgctxt, path.stem) is None
            ):
                missing.append(f"{path.stem}: {entry.msgid}")
    missing += [
        f"editor: {name}"
        for name in editor_button_names()
        if translated(name, None, "djangojs") is None
    ]
    assert not missing, "\n".join(missing)


def test_permissions_are_named_in_italian(admin_client, portal):
    page = admin_client.get(reverse("admin:auth_group_add")).content.decode()
    assert "Può aggiungere richieste di adesione" in page
    assert "Can add" not in page


def test_a_page_the_coordinator_may_not_open_explains_itself_in_italian(client, portal):
    log_in_verified(client, portal["anna"])
    response = client.get(reverse("admin:auth_user_change", args=[portal["capo"].pk]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Pagina riservata" in page and "Forbidden" not in page
    assert reverse("admin:index") in page


def test_admin_javascript_texts_are_italian(admin_client):
    catalog = admin_client.get(reverse("admin:jsi18n")).content.decode()
    assert "Per scegliere %s selezionali" in catalog


def test_saved_messages_carry_no_wrong_article(admin_client, venue):
    url = reverse("admin:groups_venue_change", args=[venue.pk])
    response = admin_client.post(
        url, {"name": venue.name, "town": venue.town, "address": venue.address}, follow=True
    )
    text = visible_text(response.content.decode())
    assert f"Modifiche salvate: sede «{venue}»." in text
    assert not wrong_articles().search(text)


def test_admin_dates_are_written_with_lower_case_months(admin_client, portal):
    closure = ClosurePeriod.objects.get()
    page = admin_client.get(reverse("admin:meetings_closureperiod_changelist")).content.decode()
    assert "21 dicembre 2026" in page
    assert "Dicembre" not in visible_text(page)
    assert closure.reason in page
