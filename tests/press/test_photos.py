"""Photos made for phones: renditions from the worker, srcset, sizes, and uploads refused."""

import datetime
import gzip
import re
import struct
import zlib
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from press.images import make_missing_renditions
from press.models import PressAttachment, PressItem
from press.validators import validate_upload
from tests.photos import attach_photo

pytestmark = pytest.mark.django_db


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims width x height pixels: a few bytes, gigabytes once decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    row = zlib.compress(b"\x00" * (1 + 3 * 1000))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", row) + chunk(b"IEND", b"")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_test_photo_is_a_25_mb_camera_jpeg(big_photo):
    assert 2_200_000 < len(big_photo) < 2_800_000


def test_a_25_mb_photo_reaches_a_360_px_phone_as_at_most_60_kb(
    client, make_press_item, media, big_photo, django_assert_max_num_queries
):
    item = make_press_item("Il gruppo di Seveso", datetime.date(2016, 5, 2))
    attachment = attach_photo(item, big_photo, "Il gruppo di Seveso in biblioteca")
    assert (attachment.width, attachment.height) == (4000, 3000)
    # Until the worker has run, the original is shown, with its size.
    page = client.get(item.get_absolute_url()).content.decode()
    assert 'width="4000" height="3000"' in page
    assert make_missing_renditions() == "renditions of 1 photos"
    assert make_missing_renditions() == ""  # done once
    with django_assert_max_num_queries(4):
        page = client.get(item.get_absolute_url()).content.decode()
    picture = re.search(r"<picture>.*?</picture>", page, re.S).group(0)
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)"', picture)
    img = re.search(r"<img [^>]+>", picture).group(0)
    assert webp.group(2) == "(min-width: 768px) 720px, calc(100vw - 1.5rem)"
    assert re.findall(r" (\d+)w", webp.group(1)) == ["360", "720", "1200"]
    assert 'srcset="' in img and 'width="720" height="540"' in img
    # The largest element of the page: loaded at once, not lazily.
    assert 'loading="lazy"' not in img and 'fetchpriority="high"' in img
    # What a 360 px screen picks (calc(100vw - 1.5rem) = 336 px: the 360w candidate).
    smallest = re.search(r"(\S+) 360w", webp.group(1)).group(1)
    phone_bytes = (media / smallest.removeprefix("/media/")).stat().st_size
    assert phone_bytes <= 60 * 1024, phone_bytes
    attachment.refresh_from_db()
    first = attachment.renditions[0]
    assert first["jpeg_bytes"] <= 60 * 1024 and first["webp_bytes"] <= 60 * 1024
    # The original stays one tap away, never in an <img>.
    assert "foto" in attachment.file.name and attachment.file.url not in img


def test_press_page_with_three_photos_stays_under_20_kb_before_images(
    client, make_press_item, media, big_photo
):
    item = make_press_item("Conferenza stampa", datetime.date(2016, 4, 13))
    for position in range(3):
        attach_photo(item, big_photo, f"Foto {position + 1} della conferenza", position)
    make_missing_renditions()
    html = client.get(reverse("press-page")).content
    page = html.decode()
    # Each photo: its file's size and resolution, and the original to download.
    assert page.count("Scarica l'originale (JPG, 2,") == 3
    assert page.count("4000 \N{MULTIPLICATION SIGN} 3000 pixel)") == 3
    assert page.count('loading="lazy"') == 3
    loaded = re.findall(r'<link rel="(?:stylesheet|icon)" href="/static/([^"]+)"', page)
    loaded += re.findall(r'<script src="/static/([^"]+)"', page)
    total = len(gzip.compress(html)) + sum(
        len(gzip.compress(Path(finders.find(path)).read_bytes())) for path in loaded
    )
    assert total < 20 * 1024, total


def test_a_60000_by_60000_png_is_refused_with_an_italian_message():
    bomb = SimpleUploadedFile("mappa.png", png_header(60_000, 60_000), "image/png")
    with pytest.raises(ValidationError) as refused:
        validate_upload(bomb)
    assert refused.value.messages == [
        "L'immagine ha 3.600 milioni di pixel: il massimo è 40 milioni "
        "(per esempio 8000 \N{MULTIPLICATION SIGN} 5000 pixel). Riducila e caricala di nuovo."
    ]


def test_a_photo_over_the_pixel_limit_is_refused_in_the_admin_and_nothing_is_stored(
    admin_client, settings, media
):
    settings.PRESS_IMAGE_MAX_PIXELS = 40_000_000
    response = admin_client.post(
        reverse("admin:press_pressitem_add"),
        {
            "title": "Comunicato",
            "slug": "comunicato",
            "kind": "comunicato",
            "published_on": "2016-04-13",
            "attachments-TOTAL_FORMS": "1",
            "attachments-INITIAL_FORMS": "0",
            "attachments-0-file": SimpleUploadedFile(
                "grande.png", png_header(9000, 5000), "image/png"
            ),
            "attachments-0-caption": "Una foto enorme",
            "attachments-0-position": "0",
        },
    )
    assert response.status_code == 200
    assert "L&#x27;immagine ha 45 milioni di pixel: il massimo è 40 milioni" in (
        response.content.decode()
    )
    assert not PressItem.objects.exists() and not PressAttachment.objects.exists()
    assert not list(media.rglob("*.png"))


def test_a_broken_image_is_refused_before_the_worker_meets_it():
    broken = SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
    with pytest.raises(ValidationError, match="L'immagine non si apre"):
        validate_upload(broken)


def test_a_photo_gone_from_storage_keeps_its_page_and_the_worker_moves_on(
    client, make_press_item, media, big_photo
):
    item = make_press_item("Il gruppo di Seveso", datetime.date(2016, 5, 2))
    attachment = attach_photo(item, big_photo, "Il gruppo")
    Path(attachment.file.path).unlink()
    assert make_missing_renditions() == "renditions of 0 photos, 1 unreadable"
    assert make_missing_renditions() == ""
    assert client.get(item.get_absolute_url()).status_code == 200
