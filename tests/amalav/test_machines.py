"""What search engines, link previews and browsers read: robots.txt, sitemap, meta tags, icon."""

import re
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from groups.models import Group
from tests.pages import PUBLIC_PAGES, sitemap_text

pytestmark = pytest.mark.django_db


def robots(client) -> RobotFileParser:
    parser = RobotFileParser()
    parser.parse(client.get(reverse("robots")).content.decode().splitlines())
    return parser


def meta(page: str, attribute: str, name: str) -> str:
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', page)
    assert match, f"no {name} meta tag"
    return match.group(1)


def sitemap_paths(client) -> list[str]:
    xml = sitemap_text(client)
    return [urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", xml)]


def test_robots_txt_allows_every_page_the_sitemap_lists(client, seeded):
    paths = sitemap_paths(client)
    parser = robots(client)
    assert paths
    assert [p for p in paths if not parser.can_fetch("Googlebot", "http://testserver" + p)] == []


def test_sign_up_forms_are_listed_and_crawlable_but_the_thank_you_page_is_not(client, seeded):
    listed = sitemap_paths(client)
    parser = robots(client)
    for group in Group.objects.all():
        path = reverse("signups:signup-group", args=[group.slug])
        assert parser.can_fetch("Googlebot", "http://testserver" + path)
        assert (path in listed) == group.accepts_signups, group.slug
    assert reverse("signups:signup") in listed
    thanks = reverse("signups:thanks")
    assert not parser.can_fetch("Googlebot", "http://testserver" + thanks)
    assert thanks not in listed
    assert '<meta name="robots" content="noindex">' in client.get(thanks).content.decode()


def test_every_public_page_has_its_own_description_and_open_graph_tags(client, seeded, settings):
    descriptions = {}
    for name, args, _texts in PUBLIC_PAGES:
        url = reverse(name, args=args)
        page = client.get(url).content.decode()
        description = meta(page, "name", "description")
        assert len(description) > 40, url
        descriptions.setdefault(description, []).append(url)
        title = page.split("<title>")[1].split("</title>")[0]
        assert title.endswith(" · AMALav"), url
        assert meta(page, "property", "og:title") in title
        assert meta(page, "property", "og:description") == description
        assert meta(page, "property", "og:url") == settings.SITE_URL + url
        assert meta(page, "property", "og:type") in ("website", "article")
        assert meta(page, "property", "og:locale") == "it_IT"
        image = meta(page, "property", "og:image")
        assert image.startswith(settings.SITE_URL + "/static/"), url
        assert finders.find(urlsplit(image).path.removeprefix(settings.STATIC_URL))
    shared = {text: urls for text, urls in descriptions.items() if len(urls) > 1}
    assert shared == {}


def test_home_title_names_amalav(client, seeded):
    page = client.get(reverse("home")).content.decode()
    title = page.split("<title>")[1].split("</title>")[0]
    assert "AMALav" in title
    assert "Auto Mutuo Aiuto Lavoro" in title


def test_a_description_with_quotes_stays_inside_its_attribute(client, seeded):
    from django.contrib.flatpages.models import FlatPage

    FlatPage.objects.filter(url="/contatti/").update(content='<p>Il "gruppo" <b>AMALav</b></p>')
    page = client.get(reverse("contacts")).content.decode()
    assert meta(page, "name", "description") == "Il &quot;gruppo&quot; AMALav"


def test_favicon_ico_is_a_real_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:4] == b"\x00\x00\x01\x00"
