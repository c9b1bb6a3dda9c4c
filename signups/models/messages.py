from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _
from post_office.models import Email

from groups.models import visible_rows
from signups.models.requests import SignupRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser


class SentEmailQuerySet(models.QuerySet["SentEmail"]):
    def visible_to(self, user: AbstractUser) -> SentEmailQuerySet:
        """The messages to the people whose requests the user sees."""
        return self.filter(visible_rows(user, "signup__group"))


class SentEmail(models.Model):
    """A message of the outbox written to the person of a request, shown on their request."""

    signup = models.ForeignKey(
        SignupRequest, verbose_name=_("richiesta"), on_delete=models.CASCADE, related_name="emails"
    )
    email = models.OneToOneField(
        Email, verbose_name=_("email"), on_delete=models.CASCADE, related_name="signup_link"
    )
    kind = models.CharField(_("tipo"), max_length=50)

    objects = SentEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-email__created"]
        verbose_name = _("email inviata")
        verbose_name_plural = _("email inviate")

    def __str__(self) -> str:
        return self.email.subject
