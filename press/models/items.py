"""Press items, their outlets, and the archive's search."""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.db import connection, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from groups.models import Group

SEARCH_CONFIG = "italian"


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
            # The outlets' ids first: OR-ed as a subquery, the outlet match made PostgreSQL
            # read every item (a selective phrase took 87 ms at 100k items, 3 ms this way).
            outlets = list(
                Outlet.objects.annotate(vector=SearchVector("name", config=SEARCH_CONFIG))
                .filter(vector=query)
                .values_list("pk", flat=True)
            )
            return self.filter(item | Q(outlet_id__in=outlets)) if outlets else self.filter(item)
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
