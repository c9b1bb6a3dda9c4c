from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Message
from groups.visibility import visible_rows
from signups.models.requests import SignupRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser


class SentMessageQuerySet(models.QuerySet["SentMessage"]):
    def visible_to(self, user: AbstractUser) -> SentMessageQuerySet:
        """The messages to and about the people whose requests the user sees."""
        return self.filter(visible_rows(user, "signup__group"))


class SentMessage(models.Model):
    """A message of the outbox about a request: to its person, or to a coordinator about it.

    The request's page lists them, and the dashboard shows those not delivered.
    """

    class Role(models.TextChoices):
        PERSON = "persona", _("alla persona")
        COORDINATOR = "coordinatore", _("a un coordinatore")

    signup = models.ForeignKey(
        SignupRequest,
        verbose_name=_("richiesta"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    message = models.OneToOneField(
        Message, verbose_name=_("messaggio"), on_delete=models.CASCADE, related_name="about"
    )
    role = models.CharField(_("a chi"), max_length=20, choices=Role, default=Role.PERSON)

    objects = SentMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-message__created_at", "-pk"]
        verbose_name = _("messaggio inviato")
        verbose_name_plural = _("messaggi inviati")

    def __str__(self) -> str:
        return str(self.message)
