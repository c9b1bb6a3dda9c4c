from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import Group
from groups.visibility import visible_rows
from signups.models.requests import SignupRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

# How long a person has to answer an offer before it goes to the next one.
OFFER_VALID_FOR = datetime.timedelta(hours=72)


class PlaceOfferQuerySet(models.QuerySet["PlaceOffer"]):
    def open(self) -> PlaceOfferQuerySet:
        return self.filter(status=PlaceOffer.Status.OPEN)

    def visible_to(self, user: AbstractUser) -> PlaceOfferQuerySet:
        """The offers of the groups the user sees, by the one visibility rule."""
        return self.filter(visible_rows(user, "group"))


class PlaceOffer(models.Model):
    """A free place in a group offered to a person on its waiting list, and what became of it.

    An open offer holds its place: the group's accepted people plus its open offers never
    exceed its capacity (signups.services.offers keeps that under the group's row lock).
    """

    class Status(models.TextChoices):
        OPEN = "aperta", _("In attesa di risposta")
        ACCEPTED = "accettata", _("Accettata")
        DECLINED = "rifiutata", _("Rifiutata")
        LAPSED = "scaduta", _("Scaduta senza risposta")
        CANCELLED = "annullata", _("Annullata dal coordinatore")

    signup = models.ForeignKey(
        SignupRequest,
        verbose_name=_("richiesta"),
        on_delete=models.CASCADE,
        related_name="offers",
    )
    group = models.ForeignKey(
        Group, verbose_name=_("gruppo"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("esito"), max_length=20, choices=Status, default=Status.OPEN)
    offered_at = models.DateTimeField(_("offerto il"), default=timezone.now)
    expires_at = models.DateTimeField(_("scade il"))
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("offerto da"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Vuoto se offerto in automatico, quando un posto si è liberato."),
    )
    closed_at = models.DateTimeField(_("chiuso il"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chiuso da"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PlaceOfferQuerySet.as_manager()

    class Meta:
        ordering = ["-offered_at", "-pk"]
        verbose_name = _("offerta di un posto")
        verbose_name_plural = _("offerte di un posto")
        indexes = [models.Index(fields=["group", "status"], name="offer_group_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["signup"],
                condition=Q(status="aperta"),
                name="offer_one_open_per_person",
                violation_error_message=_("Questa persona ha già un posto offerto."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signup} - {self.group}: {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN and self.expires_at > timezone.now()
