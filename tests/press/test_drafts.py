import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from press.models import Document, PressItem

pytestmark = pytest.mark.django_db


def test_a_new_press_item_starts_as_a_draft(admin_client):
    page = admin_client.get(reverse("admin:press_pressitem_add")).content.decode()
    assert 'name="is_published"' in page
    assert 'name="is_published" checked' not in page
    assert PressItem().is_published is False


def test_coordinator_previews_a_draft_that_visitors_cannot_see(admin_client, client):
    draft = PressItem.objects.create(
        title="Bozza sui gruppi", slug="bozza-gruppi", published_on=datetime.date(2026, 1, 1)
    )
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.get_preview_url()).status_code == 302  # to the login
    change = admin_client.get(reverse("admin:press_pressitem_change", args=[draft.pk]))
    assert f'href="{draft.get_preview_url()}"' in change.content.decode()
    assert "Anteprima" in change.content.decode()
    preview = admin_client.get(draft.get_preview_url())
    assert preview.status_code == 200
    assert "Bozza sui gruppi" in preview.content.decode()
    assert "non è ancora pubblicata" in preview.content.decode()
    assert preview["X-Robots-Tag"] == "noindex"


def test_document_needs_a_file_or_a_link(admin_client):
    response = admin_client.post(
        reverse("admin:press_document_add"),
        {"title": "Senza niente", "category": "progetto", "position": "0"},
    )
    assert response.status_code == 200
    assert "Carica un file o indica un link esterno." in response.content.decode()
    assert not Document.objects.exists()
    with pytest.raises(ValidationError):
        Document(title="Senza niente").full_clean()


def test_database_refuses_a_document_without_file_or_link():
    with pytest.raises(IntegrityError):
        Document.objects.create(title="Senza niente")


def test_document_with_a_link_is_accepted(admin_client):
    response = admin_client.post(
        reverse("admin:press_document_add"),
        {
            "title": "Rapporto",
            "category": "progetto",
            "position": "0",
            "url": "https://www.example.org/rapporto.pdf",
        },
    )
    assert response.status_code == 302
    assert Document.objects.get().url == "https://www.example.org/rapporto.pdf"
