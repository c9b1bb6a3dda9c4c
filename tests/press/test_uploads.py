import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from press.models import Document, PressItem, upload_to
from press.validators import validate_upload

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
HOSTILE_PAGE = '<p onclick="x()">Ciao</p><script>alert(1)</script><a href="javascript:x()">l</a>'
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63e08e0bfd0f0002f401be1f0541cc0000000049454e44ae426082"
)


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_real_pdf_and_image_are_accepted():
    validate_upload(upload("comunicato.pdf", PDF))
    validate_upload(upload("foto.png", PNG, "image/png"))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("comunicato.pdf", b"<html><script>alert(1)</script></html>"),
        ("comunicato.pdf", b"MZ\x90\x00 an executable"),
        ("foto.pdf", PNG),
        ("pagina.html", b"<html></html>"),
        ("comunicato.pdf.exe", PDF),
        ("vuoto.pdf", b""),
    ],
    ids=["html-as-pdf", "exe-as-pdf", "png-named-pdf", "html", "double-extension", "empty"],
)
def test_files_that_are_not_what_they_claim_are_rejected(name, content):
    with pytest.raises(ValidationError, match="Sono ammessi solo file PDF o immagini"):
        validate_upload(upload(name, content))


def test_oversized_file_is_rejected(settings):
    settings.PRESS_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="troppo grande"):
        validate_upload(upload("grande.pdf", PDF + b"0" * 2048))


def test_stored_name_is_ours_not_the_uploaders():
    name = upload_to(Document(), "../../etc/Il mio file?<script>.PDF")
    assert name.startswith("document/")
    assert ".." not in name and "<" not in name and " " not in name
    assert name.endswith(".pdf")


def add_press_item(admin_client, attachment: SimpleUploadedFile):
    return admin_client.post(
        reverse("admin:press_pressitem_add"),
        {
            "title": "Comunicato",
            "slug": "comunicato",
            "kind": "comunicato",
            "published_on": "13/04/2016",
            "is_published": "on",
            "attachments-TOTAL_FORMS": "1",
            "attachments-INITIAL_FORMS": "0",
            "attachments-0-file": attachment,
            "attachments-0-caption": "Il comunicato stampa",
            "attachments-0-credit": "Cooperativa Sociale Aeris",
            "attachments-0-position": "0",
        },
    )


@pytest.mark.django_db
def test_admin_rejects_a_disguised_pdf_beside_the_field_and_stores_nothing(
    admin_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = add_press_item(admin_client, upload("comunicato.pdf", b"<html>not a pdf</html>"))
    assert response.status_code == 200
    assert "Sono ammessi solo file PDF o immagini" in response.content.decode()
    assert PressItem.objects.count() == 0
    assert not any(tmp_path.rglob("*"))


@pytest.mark.django_db
def test_admin_accepts_a_real_pdf(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = add_press_item(admin_client, upload("Comunicato stampa.pdf", PDF))
    assert response.status_code == 302
    item = PressItem.objects.get()
    assert item.published_on == datetime.date(2016, 4, 13)
    attachment = item.attachments.get()
    assert attachment.file.name.startswith("pressattachment/")
    assert attachment.file.name.endswith("-comunicato-stampa.pdf")
    assert attachment.kind == "documento" and attachment.caption == "Il comunicato stampa"


# The text page form's inline "mostra nel menu", left empty.
MENU_ENTRY_FORMSET = {
    "menu_entry-TOTAL_FORMS": "1",
    "menu_entry-INITIAL_FORMS": "0",
    "menu_entry-MIN_NUM_FORMS": "0",
    "menu_entry-MAX_NUM_FORMS": "1",
    "menu_entry-0-position": "0",
}


@pytest.mark.django_db
def test_admin_text_pages_are_sanitised(admin_client):
    from django.contrib.flatpages.models import FlatPage

    response = admin_client.post(
        reverse("admin:flatpages_flatpage_add"),
        {
            "url": "/prova/",
            "title": "Prova",
            "content": HOSTILE_PAGE,
            **MENU_ENTRY_FORMSET,
        },
    )
    assert response.status_code == 302
    content = FlatPage.objects.get(url="/prova/").content
    assert "<script" not in content and "onclick" not in content and "javascript:" not in content
    assert "<p>Ciao</p>" in content
