import html
import importlib
import json
import re

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.urls import reverse

from amalav.models import MenuEntry
from tests.logins import log_in_verified
from tests.pages import sitemap_text

pytestmark = pytest.mark.django_db


def page_form(**fields) -> dict:
    return {
        "url": "/chi-siamo/",
        "title": "Chi siamo",
        "content": "<p>Siamo <strong>AMALav</strong>.</p>",
        "menu_entry-TOTAL_FORMS": "1",
        "menu_entry-INITIAL_FORMS": "0",
        "menu_entry-MIN_NUM_FORMS": "0",
        "menu_entry-MAX_NUM_FORMS": "1",
        "menu_entry-0-position": "0",
        **fields,
    }


def test_coordinator_creates_a_page_that_is_served_at_its_address(client, coordinator):
    log_in_verified(client, coordinator)
    add = client.get(reverse("admin:flatpages_flatpage_add"))
    assert add.status_code == 200
    form = add.content.decode()
    assert "Per esempio: /chi-siamo/" in form
    assert 'name="sites"' not in form
    assert "data-django-prose-editor" in form
    response = client.post(
        reverse("admin:flatpages_flatpage_add"), page_form(**{"menu_entry-0-in_menu": "on"})
    )
    assert response.status_code == 302
    page = FlatPage.objects.get(url="/chi-siamo/")
    assert list(page.sites.all()) == [Site.objects.get_current()]
    client.logout()
    public = client.get("/chi-siamo/")
    assert public.status_code == 200
    assert "<strong>AMALav</strong>" in public.content.decode()


def test_page_in_the_menu_appears_in_the_navigation_and_sitemap(client, admin_client):
    admin_client.post(
        reverse("admin:flatpages_flatpage_add"),
        page_form(**{"menu_entry-0-in_menu": "on", "menu_entry-0-label": "Noi"}),
    )
    home = client.get(reverse("home")).content.decode()
    nav = home.split('class="site-nav"')[1].split("</ul>")[0]
    assert '<a href="/chi-siamo/">Noi</a>' in nav
    assert "/chi-siamo/" in sitemap_text(client)


def test_page_left_out_of_the_menu_is_not_in_the_navigation(client, admin_client):
    admin_client.post(reverse("admin:flatpages_flatpage_add"), page_form())
    home = client.get(reverse("home")).content.decode()
    assert "/chi-siamo/" not in home.split('class="site-nav"')[1].split("</ul>")[0]
    assert not MenuEntry.objects.filter(in_menu=True).exists()


def test_page_cannot_take_the_address_of_another_page(admin_client):
    response = admin_client.post(
        reverse("admin:flatpages_flatpage_add"), page_form(url=reverse("groups:list"))
    )
    assert url_errors(response) == ["«/gruppi/» è riservato al sito: scegli un altro indirizzo."]


def test_page_content_is_sanitised_with_the_allowed_tags(admin_client):
    admin_client.post(
        reverse("admin:flatpages_flatpage_add"),
        page_form(content='<p onclick="x()">Ciao</p><script>alert(1)</script><h2>Titolo</h2>'),
    )
    content = FlatPage.objects.get(url="/chi-siamo/").content
    assert content == "<p>Ciao</p><h2>Titolo</h2>"


def test_page_form_has_a_preview_link(admin_client):
    admin_client.post(reverse("admin:flatpages_flatpage_add"), page_form())
    page = FlatPage.objects.get(url="/chi-siamo/")
    change = admin_client.get(reverse("admin:flatpages_flatpage_change", args=[page.pk]))
    assert 'href="/chi-siamo/"' in change.content.decode()
    assert "Anteprima" in change.content.decode()


def test_unknown_address_is_still_a_404(client, db):
    assert client.get("/non-esiste/").status_code == 404


def url_errors(response) -> list[str]:
    """The messages beside the address field of a page form sent back."""
    assert response.status_code == 200
    return response.context["adminform"].form.errors.get("url", [])


@pytest.fixture
def coordinator_client(client, coordinator):
    log_in_verified(client, coordinator)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "//evil2.example/login/",
        "/chi-siamo//evil.example/",
        "/Chi-Siamo/",
        "/chi siamo/",
        "/chi-siamo",
        "/../admin/",
        "/chi.siamo/",
    ],
)
def test_page_address_is_an_internal_path_in_lowercase(coordinator_client, url):
    response = coordinator_client.post(
        reverse("admin:flatpages_flatpage_add"),
        page_form(url=url, **{"menu_entry-0-in_menu": "on", "menu_entry-0-label": "Accedi"}),
    )
    assert url_errors(response)
    assert not FlatPage.objects.exists() and not MenuEntry.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/Admin/",
        "/ADERISCI/",
        "/aderisci/nuova/",
        "/static/pagina/",
        "/media/pagina/",
        "/.well-known/security/",
        "/healthz/",
        "/gruppi/nuovo/",
        "/Gruppi/",
        "/incontri/extra/",
        "/rassegna-stampa/altro/",
        "/documenti/altro/",
        "/stampa/altro/",
    ],
)
def test_page_cannot_take_an_address_the_site_keeps_for_itself(coordinator_client, url):
    response = coordinator_client.post(reverse("admin:flatpages_flatpage_add"), page_form(url=url))
    assert url_errors(response) == [
        f"«/{url.split('/')[1].lower()}/» è riservato al sito: scegli un altro indirizzo."
    ]
    assert not FlatPage.objects.exists()


def test_page_may_live_under_a_text_page_of_the_site(coordinator_client):
    response = coordinator_client.post(
        reverse("admin:flatpages_flatpage_add"), page_form(url="/progetto/terza-fase/")
    )
    assert response.status_code == 302
    assert FlatPage.objects.filter(url="/progetto/terza-fase/").exists()


SITE_PAGES = ["/privacy/", "/come-funziona/", "/contatti/", "/progetto/"]


@pytest.mark.parametrize("url", SITE_PAGES)
def test_page_the_site_links_to_keeps_its_address_and_can_be_edited(
    coordinator_client, seeded, url
):
    page = FlatPage.objects.get(url=url)
    change = reverse("admin:flatpages_flatpage_change", args=[page.pk])
    moved = coordinator_client.post(change, page_form(url="/altrove/", title=page.title))
    assert url_errors(moved) == [
        "Il sito rimanda a questa pagina da altre pagine: il suo indirizzo non si può cambiare."
    ]
    page.refresh_from_db()
    assert page.url == url
    edited = coordinator_client.post(
        change, page_form(url=url, title="Nuovo titolo", **{"menu_entry-INITIAL_FORMS": "0"})
    )
    assert edited.status_code == 302
    page.refresh_from_db()
    assert page.title == "Nuovo titolo"
    assert coordinator_client.get(url).status_code == 200


@pytest.mark.parametrize("url", SITE_PAGES)
def test_page_the_site_links_to_cannot_be_deleted(admin_client, seeded, url):
    page = FlatPage.objects.get(url=url)
    delete = admin_client.post(
        reverse("admin:flatpages_flatpage_delete", args=[page.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    chosen = admin_client.post(
        reverse("admin:flatpages_flatpage_changelist"),
        {"action": "delete_selected", "_selected_action": [page.pk], "post": "yes"},
    )
    assert chosen.status_code == 200
    assert FlatPage.objects.filter(url=url).exists()
    assert admin_client.get(url).status_code == 200


def test_page_of_a_coordinator_can_still_be_deleted(admin_client):
    admin_client.post(reverse("admin:flatpages_flatpage_add"), page_form())
    page = FlatPage.objects.get(url="/chi-siamo/")
    admin_client.post(reverse("admin:flatpages_flatpage_delete", args=[page.pk]), {"post": "yes"})
    assert not FlatPage.objects.filter(url="/chi-siamo/").exists()


def editor_config(response) -> dict:
    page = response.content.decode()
    match = re.search(r"data-django-prose-editor-configurable=\"([^\"]+)\"", page)
    assert match, "the editor is not built from our configuration"
    return json.loads(html.unescape(match[1]))


def test_text_page_editor_offers_only_what_the_page_keeps(coordinator_client):
    response = coordinator_client.get(reverse("admin:flatpages_flatpage_add"))
    extensions = editor_config(response)["extensions"]
    dropped = {"Underline", "Strike", "Subscript", "Superscript", "HorizontalRule", "Code"}
    assert dropped.isdisjoint(extensions)
    assert extensions["Heading"] == {"levels": [2, 3, 4]}
    assert "django_prose_editor/configurable.js" in response.content.decode()


EVERYTHING_OFFERED = (
    "<h2>Chi siamo</h2><h3>Dove</h3><h4>Quando</h4>"
    "<p><strong>Gratuito</strong>, <em>riservato</em><br>e aperto.</p>"
    '<p><a href="/privacy/" title="Informativa">informativa</a> e '
    '<a href="mailto:info@example.org">scrivici</a></p>'
    "<ul><li><p>uno</p></li></ul>"
    '<ol start="3"><li><p>tre</p></li></ol>'
    "<blockquote><p>Una citazione</p></blockquote>"
    '<table><tbody><tr><th colspan="2"><p>Orari</p></th></tr>'
    '<tr><td rowspan="2"><p>Lunedì</p></td><td><p>18</p></td></tr></tbody></table>'
)


def test_everything_the_editor_offers_survives_onto_the_page(coordinator_client, client):
    coordinator_client.post(
        reverse("admin:flatpages_flatpage_add"), page_form(content=EVERYTHING_OFFERED)
    )
    public = client.get("/chi-siamo/").content.decode()
    expected = EVERYTHING_OFFERED.replace(
        'title="Informativa"', 'title="Informativa" rel="noopener"'
    )
    expected = expected.replace('example.org"', 'example.org" rel="noopener"')
    assert expected in public


def test_what_the_editor_does_not_offer_is_dropped(coordinator_client):
    content = "<h1>A</h1><p><u>b</u> <s>c</s> x<sub>2</sub> y<sup>3</sup></p><hr><h5>d</h5>"
    coordinator_client.post(reverse("admin:flatpages_flatpage_add"), page_form(content=content))
    assert FlatPage.objects.get().content == "A<p>b c x2 y3</p>d"


def test_the_privacy_page_names_the_thank_you_cookie_unless_the_coordination_rewrote_it(db):
    from django.apps import apps

    from amalav.seed.pages import privacy_page

    assert "pagina di conferma" in privacy_page(24, "2026-12")
    migration = importlib.import_module(
        "amalav.migrations.0009_privacy_page_lists_the_thank_you_cookie"
    )
    site = Site.objects.get_current()
    seeded = FlatPage.objects.create(
        url="/privacy/", title="Informativa", content="<p>Intro.</p>" + migration.EARLIER
    )
    seeded.sites.add(site)
    migration.forwards(apps, None)
    seeded.refresh_from_db()
    assert seeded.content == "<p>Intro.</p>" + migration.NOW
    rewritten = "<p>Intro.</p><p>I nostri cookie, spiegati a parole nostre.</p>"
    FlatPage.objects.filter(pk=seeded.pk).update(content=rewritten)
    migration.forwards(apps, None)
    seeded.refresh_from_db()
    assert seeded.content == rewritten
