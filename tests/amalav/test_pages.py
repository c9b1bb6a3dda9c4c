import re
from unittest import mock

import pytest
from django.db import DatabaseError
from django.urls import reverse

from amalav.sitemaps import PressSitemap
from groups.models import Group
from press.models import PressItem
from tests.pages import PUBLIC_PAGES, sitemap_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("name", "args", "texts"), PUBLIC_PAGES, ids=[p[0] for p in PUBLIC_PAGES])
def test_public_page_shows_its_content_with_few_queries(
    client, seeded, django_assert_max_num_queries, name, args, texts
):
    with django_assert_max_num_queries(6):
        response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    page = response.content.decode()
    for text in texts:
        assert text in page
    # The base template: skip link, landmarks, footer contacts and accessibility statement.
    assert 'href="#contenuto"' in page
    assert "<main" in page and "<nav" in page and "<footer" in page
    assert reverse("accessibility") in page
    assert "coordinamento.amalav@coopaeris.it" in page


def test_pages_load_nothing_from_other_hosts(client, seeded):
    for name, args, _texts in PUBLIC_PAGES:
        page = client.get(reverse(name, args=args)).content.decode()
        for attribute in ('src="http', "src='http", 'href="//', "url(http"):
            assert attribute not in page, (name, attribute)
        assert 'rel="stylesheet" href="http' not in page


def test_every_public_page_waits_for_one_stylesheet_only(client, seeded):
    # Each stylesheet blocks the first paint; on a phone one more is a round trip more
    # (Lighthouse's render-blocking estimate, bench/lighthouse.py).
    for name, args, _texts in PUBLIC_PAGES:
        page = client.get(reverse(name, args=args)).content.decode()
        links = re.findall(r"<link [^>]*>", page)
        assert len([link for link in links if 'rel="stylesheet"' in link]) == 1, name


def test_home_lists_featured_news_and_open_groups(client, seeded):
    PressItem.objects.filter(slug__startswith="riparte").update(featured=False)
    Group.objects.filter(slug="brugherio").update(status=Group.Status.CLOSED)
    page = client.get(reverse("home")).content.decode()
    assert "Ripartono i gruppi di auto mutuo aiuto lavoro per disoccupati" in page
    assert "Riparte il gruppo AMALav Archimedes" not in page.split("Gruppi a cui puoi")[0]
    open_part = page.split("Gruppi a cui puoi partecipare")[1].split("In evidenza")[0]
    assert "AMALav Archimedes Verano Brianza" in open_part
    assert "AMALav Brugherio" not in open_part


def test_group_list_shows_each_group_status(client, seeded):
    Group.objects.filter(slug="brugherio").update(status=Group.Status.CLOSED)
    page = client.get(reverse("groups:list")).content.decode()
    assert "Iscrizioni aperte" in page
    assert "In preparazione" in page
    assert "AMALav Brugherio</a>, Brugherio: concluso." in page


def test_group_page_for_unknown_slug_is_a_friendly_404(client, seeded):
    response = client.get("/gruppi/non-esiste/")
    assert response.status_code == 404
    assert "Pagina non trovata" in response.content.decode()
    assert reverse("groups:list") in response.content.decode()


def test_server_error_page_is_friendly(client, seeded):
    client.raise_request_exception = False
    with mock.patch("amalav.views.Group.objects.accepting_signups", side_effect=RuntimeError):
        response = client.get(reverse("home"))
    assert response.status_code == 500
    assert "Qualcosa non ha funzionato" in response.content.decode()


def test_healthz_answers_ok_without_writing(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert all(q["sql"].upper().startswith("SELECT") for q in queries.captured_queries)


def test_healthz_answers_503_when_the_database_is_down(client, db):
    with mock.patch("amalav.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_robots_txt_points_to_the_sitemap_and_keeps_admin_out(client, db):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_sitemap_lists_pages_groups_and_published_press(
    client, seeded, django_assert_max_num_queries
):
    PressItem.objects.create(
        title="Bozza", slug="bozza", published_on="2016-05-01", is_published=False
    )
    for section in ("", "-pages", "-text", "-groups", "-press"):
        with django_assert_max_num_queries(6):
            assert client.get(f"/sitemap{section}.xml").status_code == 200
    xml = sitemap_text(client)
    for group in Group.objects.all():
        assert group.get_absolute_url() in xml
    assert "/rassegna-stampa/ripartono-i-gruppi" in xml
    assert "/progetto/primo-progetto/" in xml
    assert "/come-funziona/" in xml and "/stampa/" in xml and "/feed/" in xml
    assert "/rassegna-stampa/bozza/" not in xml


def publish_items(count: int) -> None:
    for number in range(count):
        PressItem.objects.create(
            title=f"Articolo {number}",
            slug=f"articolo-{number}",
            published_on="2016-05-01",
            is_published=True,
        )


def test_sitemap_index_splits_a_large_press_archive_into_pages(client, db, monkeypatch):
    monkeypatch.setattr(PressSitemap, "limit", 2)
    publish_items(5)
    index = client.get("/sitemap.xml").content.decode()
    pages = re.findall(r"<loc>[^<]*/sitemap-press\.xml(?:\?p=\d+)?</loc>", index)
    assert len(pages) == 3
    xml = sitemap_text(client)
    assert all(f"/rassegna-stampa/articolo-{number}/" in xml for number in range(5))
    assert client.get("/sitemap-press.xml?p=4").status_code == 404


def test_a_sitemap_page_has_one_address(client, db, monkeypatch):
    monkeypatch.setattr(PressSitemap, "limit", 1)
    publish_items(2)
    assert client.get("/sitemap-press.xml?p=2").status_code == 200
    for other in ("02", "+2", " 2", "2.0", "0", "x"):
        assert client.get("/sitemap-press.xml", {"p": other}).status_code == 404, other


@pytest.mark.parametrize(("name", "args", "texts"), PUBLIC_PAGES, ids=[p[0] for p in PUBLIC_PAGES])
def test_every_phone_number_on_a_public_page_is_a_tap_to_call_link(
    client, seeded, name, args, texts
):
    page = client.get(reverse(name, args=args)).content.decode()
    # Numbers in the head (descriptions) and in JSON-LD are for machines, not for tapping.
    page = page.split("<body", 1)[1]
    page = re.sub(r"<script.*?</script>", "", page, flags=re.S)
    assert page.count("348 3906759") >= 1
    linked = re.findall(r'<a href="tel:\+393483906759"[^>]*>348 3906759</a>', page)
    assert len(linked) == page.count("348 3906759"), name
    assert all(href.startswith("tel:+") for href in re.findall(r'href="(tel:[^"]*)"', page))
