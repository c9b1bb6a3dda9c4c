"""The files of a press item: photos in renditions for phones, documents as they are."""

from __future__ import annotations

import mimetypes
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from press.images import image_size
from press.models.items import PressItem
from press.models.uploads import upload_to
from press.validators import validate_upload


class PressAttachmentQuerySet(models.QuerySet["PressAttachment"]):
    def published(self) -> PressAttachmentQuerySet:
        return self.filter(item__is_published=True)

    def images(self) -> PressAttachmentQuerySet:
        return self.filter(kind=PressAttachment.Kind.IMAGE)


class PressAttachment(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "immagine", _("Immagine")
        DOCUMENT = "documento", _("Documento")

    item = models.ForeignKey(
        PressItem,
        verbose_name=_("articolo"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(
        _("file"),
        upload_to=upload_to,
        validators=[validate_upload],
        help_text=_("PDF o immagine (JPEG, PNG, WebP)."),
    )
    # Set from the file's name once the upload has been judged by its content.
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind, editable=False)
    caption = models.CharField(
        _("didascalia"),
        max_length=300,
        help_text=_("Che cosa mostra la foto o che cos'è il documento: la legge chi non la vede."),
    )
    credit = models.CharField(
        _("crediti"),
        max_length=200,
        blank=True,
        help_text=_("Autore o fonte della foto, per esempio: foto di Mario Rossi."),
    )
    position = models.PositiveSmallIntegerField(_("ordine"), default=0)
    # A photo's size, read from its header at upload; its renditions (press/images.py),
    # made by the worker: [{"width", "height", "webp", "jpeg", "webp_bytes", "jpeg_bytes"}].
    width = models.PositiveIntegerField(_("larghezza in pixel"), null=True, editable=False)
    height = models.PositiveIntegerField(_("altezza in pixel"), null=True, editable=False)
    renditions = models.JSONField(_("versioni ridotte"), default=list, editable=False)
    renditions_made_at = models.DateTimeField(null=True, editable=False)

    objects = PressAttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["item", "position", "pk"]
        verbose_name = _("allegato")
        verbose_name_plural = _("allegati")

    def __str__(self) -> str:
        return self.caption

    def save(self, *args, **kwargs) -> None:
        self.kind = self.Kind.DOCUMENT if self.file_type == "PDF" else self.Kind.IMAGE
        if self.is_image and self.file_changed:
            # A new photo: its size now, its renditions from the worker.
            try:
                size = image_size(self.file)
            except ValidationError:  # judged already by the form; never stops a save
                self.width = self.height = None
            else:
                self.width, self.height = size.width, size.height
            self.renditions, self.renditions_made_at = [], None
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values) -> PressAttachment:
        attachment = super().from_db(db, field_names, values)
        attachment._stored_file = attachment.__dict__.get("file")
        return attachment

    @property
    def file_changed(self) -> bool:
        """A new attachment, or a file replaced since the row was read."""
        stored = getattr(self, "_stored_file", None)
        return self._state.adding or not self.file._committed or self.file.name != stored

    def srcset(self, kind: str) -> str:
        storage = self.file.storage
        return ", ".join(f"{storage.url(r[kind])} {r['width']}w" for r in self.renditions)

    @property
    def srcset_webp(self) -> str:
        return self.srcset("webp")

    @property
    def srcset_jpeg(self) -> str:
        return self.srcset("jpeg")

    @property
    def shown(self) -> dict:
        """What an <img> without srcset loads: the 720 px JPEG, or the original until made."""
        if not self.renditions:
            return {"url": self.file.url, "width": self.width, "height": self.height}
        fitting = [r for r in self.renditions if r["width"] <= 720] or self.renditions[:1]
        chosen = fitting[-1]
        return {
            "url": self.file.storage.url(chosen["jpeg"]),
            "width": chosen["width"],
            "height": chosen["height"],
        }

    @property
    def resolution(self) -> str:
        if not (self.width and self.height):
            return ""
        return f"{self.width} \N{MULTIPLICATION SIGN} {self.height}"

    @property
    def is_image(self) -> bool:
        return self.kind == self.Kind.IMAGE

    @property
    def file_type(self) -> str:
        return PurePath(self.file.name).suffix.lstrip(".").upper()

    @property
    def mime_type(self) -> str:
        return mimetypes.guess_type(self.file.name)[0] or "application/octet-stream"

    @property
    def file_size(self) -> int | None:
        try:
            return self.file.size
        except OSError:  # the file went missing from storage: show the link without a size
            return None
