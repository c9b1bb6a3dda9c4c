"""What a journalist noticed: outlets searchable, the logo drawn, no zero as a headline."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse

from press.models import Outlet, PressAttachment
from tests.press.test_archive import archive  # noqa: F401 (fixture)
from tests.press.test_uploads import PDF

pytestmark = pytest.mark.django_db


def test_searching_an_outlets_name_finds_its_items(client, archive):  # noqa: F811
    page = client.get(reverse("press:list"), {"q": "Il Cittadino"}).content.decode()
    assert "AMALav alla radio" in page  # the only item of Il Cittadino di Monza e Brianza
    assert "Disoccupati, a Seveso un aiuto concreto" not in page
    page = client.get(reverse("press:list"), {"q": "giornale di desio"}).content.decode()
    assert "Disoccupati, a Seveso un aiuto concreto" in page
    assert "AMALav alla radio" not in page


def test_logo_draws_its_words_as_outlines_not_live_text():
    for name in ("static/press/amalav-logo.svg", "static/img/favicon.svg"):
        svg = (Path(settings.BASE_DIR) / name).read_text()
        assert "<text" not in svg and "font-family" not in svg, name
        assert "<path" in svg, name


def test_press_page_leaves_zero_figures_out(client, make_group, venue, seeded):
    page = client.get(reverse("press-page")).content.decode()
    figures = page.split('class="fact-sheet"')[1].split("</dl>")[0]
    assert "<dd>0</dd>" not in figures
    assert "Partecipanti accolti" not in figures
    assert "<dt>Gruppi</dt><dd>5</dd>" in figures


def test_press_archive_gives_the_press_email_as_a_link(client, db):
    page = client.get(reverse("press:list")).content.decode()
    intro = page.split("<h1>")[1].split("</p>")[0]
    assert '<a href="mailto:coordinamento.amalav@coopaeris.it">' in intro


def test_small_file_sizes_read_in_italian(client, make_press_item, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = make_press_item("Comunicato", datetime.date(2016, 4, 13))
    attachment = PressAttachment(item=item, caption="Il comunicato")
    attachment.file.save("comunicato.pdf", ContentFile(PDF))
    page = client.get(item.get_absolute_url()).content.decode()
    assert f"(PDF, {len(PDF)} byte)" in page
    assert "bytes" not in page


def test_outlet_match_keeps_the_search_to_published_items(client, archive):  # noqa: F811
    Outlet.objects.filter(name__startswith="Il Cittadino").get().items.update(is_published=False)
    page = client.get(reverse("press:list"), {"q": "Cittadino"}).content.decode()
    assert "AMALav alla radio" not in page
