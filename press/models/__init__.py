"""Press items and their attachments, outlets and documents."""

from press.models.attachments import PressAttachment, PressAttachmentQuerySet
from press.models.documents import Document
from press.models.items import (
    SEARCH_CONFIG,
    Outlet,
    PressItem,
    PressItemManager,
    PressItemQuerySet,
    holds_ngrams_of,
)
from press.models.uploads import upload_to

__all__ = [
    "SEARCH_CONFIG",
    "Document",
    "Outlet",
    "PressAttachment",
    "PressAttachmentQuerySet",
    "PressItem",
    "PressItemManager",
    "PressItemQuerySet",
    "holds_ngrams_of",
    "upload_to",
]
