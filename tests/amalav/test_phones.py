import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from tests.pages import PUBLIC_PAGES

pytestmark = pytest.mark.django_db

PHONE = "348 3906759"


@pytest.mark.parametrize(
    ("shown", "href"),
    [
        ("348 3906759", "tel:+393483906759"),
        ("039 2301234", "tel:+390392301234"),
        ("+39 348 390 6759", "tel:+393483906759"),
        ("+41 44 668 18 00", "tel:+41446681800"),
        ("non è un numero", ""),
    ],
)
def test_tel_href_gives_the_international_form_of_a_displayed_number(shown, href):
    rendered = Template("{% load phones %}{{ number|tel_href }}").render(Context({"number": shown}))
    assert rendered == href


def test_tel_link_escapes_what_it_shows():
    rendered = Template("{% load phones %}{{ number|tel_link }}").render(
        Context({"number": "<b>348 3906759</b>"})
    )
    assert "<b>" not in rendered


@pytest.mark.parametrize(("name", "args", "texts"), PUBLIC_PAGES, ids=[p[0] for p in PUBLIC_PAGES])
def test_every_phone_number_on_a_public_page_is_a_tap_to_call_link(
    client, seeded, name, args, texts
):
    page = client.get(reverse(name, args=args)).content.decode()
    # Numbers in the head (descriptions) and in JSON-LD are for machines, not for tapping.
    page = page.split("<body", 1)[1]
    page = re.sub(r"<script.*?</script>", "", page, flags=re.S)
    assert page.count(PHONE) >= 1
    linked = re.findall(r'<a href="tel:\+393483906759"[^>]*>348 3906759</a>', page)
    assert len(linked) == page.count(PHONE), name
    assert all(href.startswith("tel:+") for href in re.findall(r'href="(tel:[^"]*)"', page))


def test_phone_numbers_in_plain_text_become_links_and_the_rest_stays_escaped():
    rendered = Template("{% load phones %}{{ text|link_phones|linebreaks }}").render(
        Context({"text": "Chiama il 348 3906759 <script>\n\ne poi scrivi"})
    )
    assert '<a href="tel:+393483906759" class="tel">348 3906759</a>' in rendered
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    assert rendered.count("<p>") == 2
