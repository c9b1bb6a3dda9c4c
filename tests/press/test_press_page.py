import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from meetings.services import plan_cycle
from press.models import Outlet, PressAttachment, PressItem
from signups.models import SignupRequest
from tests.press.test_uploads import PDF

pytestmark = pytest.mark.django_db

# The smallest valid PNG (one teal pixel, every checksum right): what the upload check,
# Pillow and the browser all accept.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63e08e0bfd0f0002f401be1f0541cc0000000049454e44ae426082"
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def attach(item: PressItem, name: str, content: bytes, **fields) -> PressAttachment:
    attachment = PressAttachment(item=item, **fields)
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.full_clean()
    attachment.save()
    return attachment


@pytest.fixture
def illustrated_item(make_press_item, media) -> PressItem:
    outlet = Outlet.objects.create(name="Il Cittadino di Monza e Brianza")
    item = make_press_item(
        "A Seveso il gruppo si racconta",
        datetime.date(2016, 5, 2),
        outlet=outlet,
        external_url="https://cittadino.example/seveso-gruppo",
        archive_url="https://web.archive.org/web/2016/https://cittadino.example/seveso-gruppo",
    )
    attach(item, "foto.png", PNG, caption="Il gruppo di Seveso in biblioteca", credit="Foto Aeris")
    attach(item, "articolo.pdf", PDF, caption="L'articolo in PDF", position=1)
    return item


def test_press_item_shows_images_with_caption_and_pdfs_with_type_and_size(client, illustrated_item):
    page = client.get(illustrated_item.get_absolute_url()).content.decode()
    attachments = page.split('id="allegati-title"')[1]
    assert '<img src="/media/pressattachment/' in attachments
    assert 'alt="Il gruppo di Seveso in biblioteca"' in attachments
    assert "<figcaption>Il gruppo di Seveso in biblioteca" in attachments
    assert "Foto Aeris" in attachments
    assert "L&#x27;articolo in PDF</a>" in attachments and "(PDF, " in attachments


def test_outlet_is_named_with_links_to_the_original_and_its_archived_copy(client, illustrated_item):
    page = client.get(illustrated_item.get_absolute_url()).content.decode()
    assert "Leggi l'articolo originale su Il Cittadino di Monza e Brianza" in page
    assert 'href="https://cittadino.example/seveso-gruppo"' in page
    assert 'href="https://web.archive.org/web/2016/' in page
    listing = client.get(reverse("press:list")).content.decode()
    assert (
        '<a href="https://cittadino.example/seveso-gruppo" rel="noopener">Il Cittadino' in listing
    )


def test_outlet_filter_lists_only_outlets_with_published_items(client, illustrated_item):
    Outlet.objects.create(name="Testata senza articoli")
    page = client.get(reverse("press:list")).content.decode()
    testata = page.split('name="testata"')[1].split("</select>")[0]
    assert "Il Cittadino di Monza e Brianza" in testata
    assert "Testata senza articoli" not in testata


def test_feeds_carry_attachments_as_enclosures(client, illustrated_item):
    rss = ET.fromstring(client.get(reverse("press:feed")).content)
    enclosures = rss.findall("channel/item/enclosure")
    assert len(enclosures) == 1  # RSS 2.0 allows one per item: the first
    assert enclosures[0].get("type") == "image/png"
    assert enclosures[0].get("url").startswith("http://testserver/media/pressattachment/")
    assert enclosures[0].get("length") == str(len(PNG))
    atom = ET.fromstring(client.get(reverse("press:atom")).content)
    links = atom.findall("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}link")
    assert sorted(link.get("type") for link in links if link.get("rel") == "enclosure") == [
        "application/pdf",
        "image/png",
    ]


def test_a_file_that_is_not_what_it_claims_is_refused_as_an_attachment(make_press_item, media):
    item = make_press_item("Comunicato", datetime.date(2016, 4, 13))
    with pytest.raises(Exception, match="Sono ammessi solo file PDF"):
        attach(item, "foto.png", b"<html>not an image</html>", caption="Finta foto")


@pytest.fixture
def migrator():
    """A migration executor; the database is migrated to the latest state afterwards."""
    yield MigrationExecutor(connection)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_old_single_attachments_become_the_first_of_many(migrator):
    before, after = [("press", "0002_search_index")], [("press", "0003_press_attachments")]
    executor = migrator
    executor.migrate(before)
    old_item = executor.loader.project_state(before).apps.get_model("press", "PressItem")
    item = old_item.objects.create(
        title="Comunicato",
        slug="comunicato",
        published_on=datetime.date(2016, 4, 13),
        attachment="pressitem/0123456789ab-comunicato.pdf",
    )
    old_item.objects.create(title="Senza", slug="senza", published_on=datetime.date(2016, 4, 14))
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    attachments = executor.loader.project_state(after).apps.get_model("press", "PressAttachment")
    moved = attachments.objects.get()
    assert moved.item_id == item.pk
    assert moved.file.name == "pressitem/0123456789ab-comunicato.pdf"
    assert moved.kind == "documento" and moved.caption == "Comunicato"


def test_press_page_figures_are_counted_live_from_the_database(
    make_group, client, venue, settings, django_assert_max_num_queries
):
    for slug, town in [("cesano", "Cesano Maderno"), ("seveso", "Seveso"), ("seveso-2", "Seveso")]:
        plan_cycle(make_group(venue=venue, slug=slug, name=slug, town=town))
    first = Meeting.objects.order_by("starts_at").first()
    first.cancel()
    first.save()
    held = Meeting.objects.filter(ends_at__lt=timezone.now()).count() - 1
    assert held >= 5
    SignupRequest.objects.create(
        first_name="Anna",
        last_name="Neri",
        phone="+393480000000",
        town="Seveso",
        work_situation=SignupRequest.WorkSituation.NASPI,
        status=SignupRequest.Status.ACCEPTED,
        accepted_at=timezone.now(),
        privacy_version="2026-11",
        privacy_accepted_at=timezone.now(),
    )
    with django_assert_max_num_queries(6):
        page = client.get(reverse("press-page")).content.decode()
    figures = page.split('class="fact-sheet"')[1].split("</dl>")[0]
    assert "<dt>Gruppi</dt><dd>3</dd>" in figures
    assert "<dt>Comuni</dt><dd>2</dd>" in figures
    assert f"<dt>Incontri svolti</dt><dd>{held}</dd>" in figures
    assert "<dt>Partecipanti accolti</dt><dd>1</dd>" in figures


def test_press_page_names_the_press_contact_with_tap_to_call(client, db, settings):
    settings.PRESS_CONTACT_NAME = "Giulia Verdi"
    settings.PRESS_CONTACT_PHONE = "039 2301234"
    settings.PRESS_CONTACT_EMAIL = "stampa@coopaeris.example"
    page = client.get(reverse("press-page")).content.decode()
    contact = page.split('id="contatto-title"')[1].split("</section>")[0]
    assert "Giulia Verdi" in contact
    assert '<a href="tel:+390392301234" class="tel">039 2301234</a>' in contact
    assert 'href="mailto:stampa@coopaeris.example"' in contact


def test_press_page_offers_logos_latest_releases_and_captioned_photos(
    make_press_item, client, illustrated_item
):
    make_press_item("Un comunicato", datetime.date(2016, 6, 1), kind=PressItem.Kind.RELEASE)
    make_press_item("Un articolo", datetime.date(2016, 6, 2), kind=PressItem.Kind.ARTICLE)
    page = client.get(reverse("press-page")).content.decode()
    assert "press/amalav-logo.svg" in page and "press/amalav-logo.png" in page
    releases = page.split('id="comunicati-title"')[1].split("</section>")[0]
    assert "Un comunicato" in releases and "Un articolo" not in releases
    photos = page.split('id="foto-title"')[1].split("</section>")[0]
    assert "Il gruppo di Seveso in biblioteca" in photos and "Foto Aeris" in photos
    assert "L&#x27;articolo in PDF" not in photos


def test_rss_link_in_the_footer_leads_to_a_page_explaining_feeds(client, db):
    page = client.get(reverse("groups:list")).content.decode()
    footer = page.split("<footer")[1]
    assert f'href="{reverse("press:feeds")}"' in footer
    help_page = client.get(reverse("press:feeds")).content.decode()
    assert 'value="http://testserver/rassegna-stampa/feed/"' in help_page
    assert 'value="http://testserver/rassegna-stampa/atom/"' in help_page
