"""Documents journalists and partners download from /documenti/."""

from __future__ import annotations

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from press.models.uploads import upload_to
from press.validators import validate_upload


class Document(models.Model):
    class Category(models.TextChoices):
        PROJECT = "progetto", _("Il progetto")
        LABOUR_MARKET = "mercato", _("Mercato del lavoro")
        EVENTS = "eventi", _("Incontri e serate")
        OTHER = "altro", _("Altro")

    title = models.CharField(_("titolo"), max_length=250)
    description = models.TextField(_("descrizione"), blank=True)
    source = models.CharField(
        _("fonte"),
        max_length=200,
        blank=True,
        help_text=_("Per esempio: Provincia Monza e Brianza."),
    )
    date = models.DateField(_("data"), null=True, blank=True)
    category = models.CharField(
        _("categoria"), max_length=20, choices=Category, default=Category.PROJECT
    )
    file = models.FileField(
        _("file"), upload_to=upload_to, blank=True, validators=[validate_upload]
    )
    url = models.URLField(_("link esterno"), blank=True, max_length=500)
    on_request = models.BooleanField(
        _("solo su richiesta"),
        default=False,
        help_text=_("Senza file né link: il sito invita a chiederlo al coordinamento."),
    )
    position = models.PositiveSmallIntegerField(_("ordine"), default=0)
    is_published = models.BooleanField(_("pubblicato"), default=True)

    class Meta:
        ordering = ["category", "position", "-date", "title", "pk"]
        verbose_name = _("documento")
        verbose_name_plural = _("documenti")
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url="") | Q(on_request=True),
                name="document_has_file_or_link",
                violation_error_message=_(
                    "Carica un file o indica un link esterno "
                    "(oppure segna il documento come «solo su richiesta»)."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if not (self.file or self.url or self.on_request):
            message = _("Carica un file o indica un link esterno.")
            raise ValidationError({"file": message, "url": message})

    @property
    def file_size(self) -> int | None:
        try:
            return self.file.size if self.file else None
        except OSError:  # the file went missing from storage: show the link without a size
            return None

    @property
    def file_type(self) -> str:
        return PurePath(self.file.name).suffix.lstrip(".").upper() if self.file else ""
