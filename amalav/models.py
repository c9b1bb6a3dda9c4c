from django.contrib.flatpages.models import FlatPage
from django.db import models
from django.utils.translation import gettext_lazy as _


class MenuEntryQuerySet(models.QuerySet["MenuEntry"]):
    def shown(self) -> "MenuEntryQuerySet":
        return (
            self.filter(in_menu=True)
            .select_related("page")
            .order_by("position", "page__title", "pk")
        )


class MenuEntry(models.Model):
    """Whether a text page is linked from the site's main navigation, and where."""

    page = models.OneToOneField(
        FlatPage, verbose_name=_("pagina"), on_delete=models.CASCADE, related_name="menu_entry"
    )
    in_menu = models.BooleanField(
        _("mostra nel menu"),
        default=False,
        help_text=_("Aggiunge la pagina alla barra di navigazione in cima a ogni pagina."),
    )
    label = models.CharField(
        _("voce del menu"),
        max_length=40,
        blank=True,
        help_text=_("Breve; vuoto per usare il titolo della pagina."),
    )
    position = models.PositiveSmallIntegerField(
        _("posizione"), default=0, help_text=_("Le voci con il numero più basso vengono prima.")
    )

    objects = MenuEntryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "page__title", "pk"]
        verbose_name = _("voce di menu")
        verbose_name_plural = _("voci di menu")

    def __str__(self) -> str:
        return self.label or self.page.title


class PasswordResetRequest(models.Model):
    """Someone asked for a new password for this address: the worker answers.

    The request only stores this row, the same for an address that has an account and
    one that has not, so neither the answer nor its timing tells them apart, and a
    silent mail server never holds the page (amalav.accounts).
    """

    email = models.EmailField(_("email"))
    requested_at = models.DateTimeField(_("chiesta il"), auto_now_add=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("richiesta di nuova password")
        verbose_name_plural = _("richieste di nuova password")

    def __str__(self) -> str:
        return str(self.requested_at)
