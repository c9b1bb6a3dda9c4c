from __future__ import annotations

import mimetypes
import re
import uuid
from pathlib import PurePath

from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from groups.models import Group
from press.images import image_size
from press.validators import validate_upload

SEARCH_CONFIG = "italian"


def upload_to(instance: models.Model, filename: str) -> str:
    """A name we choose: nothing a visitor uploads decides a path or an extension."""
    path = PurePath(filename)
    stem = slugify(path.stem)[:60] or "file"
    suffix = path.suffix.lower()
    folder = instance._meta.model_name
    return f"{folder}/{uuid.uuid4().hex[:12]}-{stem}{suffix}"


class Outlet(models.Model):
    name = models.CharField(_("nome"), max_length=200, unique=True)
    website = models.URLField(_("sito web"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("testata")
        verbose_name_plural = _("testate")

    def __str__(self) -> str:
        return self.name


class PressItemQuerySet(models.QuerySet["PressItem"]):
    def published(self) -> PressItemQuerySet:
        return self.filter(is_published=True)

    def featured(self) -> PressItemQuerySet:
        return self.published().filter(featured=True)

    def releases(self) -> PressItemQuerySet:
        return self.published().filter(kind=PressItem.Kind.RELEASE)

    def search(self, terms: str) -> PressItemQuerySet:
        """Full-text search with Italian stemming on PostgreSQL, a plain match elsewhere.

        An outlet's name finds its items too ("Il Cittadino"): the outlets are a short
        list, matched apart, so the items' stored vector and its index stay as they are.
        """
        terms = terms.strip()
        if not terms:
            return self
        if connection.vendor == "postgresql":
            query = SearchQuery(terms, config=SEARCH_CONFIG, search_type="websearch")
            item = Q(search_vector=query)
            for phrase in re.findall(r'"([^"]+)"', terms):
                item &= Q(holds_ngrams_of(phrase))
            outlets = Outlet.objects.annotate(
                vector=SearchVector("name", config=SEARCH_CONFIG)
            ).filter(vector=query)
            return self.filter(item | Q(outlet__in=outlets))
        matches = Q()
        for word in terms.split():
            matches &= (
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(body__icontains=word)
                | Q(outlet__name__icontains=word)
            )
        return self.filter(matches)


def holds_ngrams_of(phrase: str) -> Exact:
    """The items holding every pair and triple of neighbouring words of `phrase`, found
    through their own index (press migration 0005): a phrase of common words then reads
    only the items that may hold it. A phrase of fewer than two words filters nothing."""
    sql = (
        "press_pressitem.search_ngrams @@ press_search_ngrams_query(to_tsvector(%s::regconfig, %s))"
        " OR press_search_ngrams_query(to_tsvector(%s::regconfig, %s)) IS NULL"
    )
    params = (SEARCH_CONFIG, phrase, SEARCH_CONFIG, phrase)
    # A constant statement with the phrase as a parameter; the column is no model field.
    condition = RawSQL(f"({sql})", params, output_field=models.BooleanField())  # noqa: S611  # nosec B611
    return Exact(condition, True)


class PressItemManager(models.Manager.from_queryset(PressItemQuerySet)):
    def get_queryset(self) -> PressItemQuerySet:
        # Only PostgreSQL reads the vector; loading it would ship a tsvector with every row.
        return super().get_queryset().defer("search_vector")


class PressItem(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "articolo", _("Articolo")
        RELEASE = "comunicato", _("Comunicato stampa")
        INTERVIEW = "intervista", _("Intervista")
        VIDEO = "video", _("Video")
        RADIO = "radio", _("Radio")
        NEWS = "notizia", _("Notizia")

    title = models.CharField(_("titolo"), max_length=250)
    slug = models.SlugField(
        _("indirizzo breve"),
        max_length=120,
        unique=True,
        help_text=_("Parte dell'indirizzo permanente: non cambiarlo dopo la pubblicazione."),
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind, default=Kind.ARTICLE)
    outlet = models.ForeignKey(
        Outlet,
        verbose_name=_("testata"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        help_text=_("Vuoto per i nostri comunicati e notizie."),
    )
    published_on = models.DateField(_("data di pubblicazione"), db_index=True)
    author = models.CharField(_("autore"), max_length=200, blank=True)
    summary = models.TextField(_("sommario"), max_length=1000, blank=True)
    body = models.TextField(
        _("testo"),
        blank=True,
        help_text=_("Testo semplice: una riga vuota separa i paragrafi."),
    )
    external_url = models.URLField(_("link all'originale"), blank=True, max_length=500)
    archive_url = models.URLField(
        _("copia su archive.org"),
        blank=True,
        max_length=500,
        help_text=_(
            "Il link alla copia salvata su web.archive.org, per quando l'originale sparisce."
        ),
    )
    related_groups = models.ManyToManyField(
        Group, verbose_name=_("gruppi collegati"), blank=True, related_name="press_items"
    )
    featured = models.BooleanField(
        _("in evidenza"), default=False, help_text=_("Mostrato nella pagina iniziale.")
    )
    is_published = models.BooleanField(
        _("pubblicato"),
        default=False,
        help_text=_("Una bozza non compare sul sito: controllala con «Anteprima», poi pubblicala."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Kept up to date by a PostgreSQL trigger (migration 0002); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PressItemManager()

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("articolo della rassegna stampa")
        verbose_name_plural = _("rassegna stampa")
        indexes = [models.Index(fields=["is_published", "-published_on"], name="press_pub_date")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("press:detail", args=[self.slug])

    def get_preview_url(self) -> str:
        return reverse("press:preview", args=[self.slug])


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
