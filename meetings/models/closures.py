from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from groups.models import Group


class ClosurePeriodQuerySet(models.QuerySet["ClosurePeriod"]):
    def for_group(self, group: Group) -> ClosurePeriodQuerySet:
        """Site-wide closures and the group's own."""
        return self.filter(Q(group__isnull=True) | Q(group=group))

    def covering(self, day: datetime.date) -> ClosurePeriodQuerySet:
        return self.filter(start__lte=day, end__gte=day)


class ClosurePeriod(models.Model):
    """Days without meetings (Christmas, August): planning skips them."""

    start = models.DateField(_("dal"))
    end = models.DateField(_("al"), help_text=_("Compreso."))
    group = models.ForeignKey(
        Group,
        verbose_name=_("gruppo"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closures",
        help_text=_("Vuoto: la chiusura vale per tutti i gruppi."),
    )
    reason = models.CharField(_("motivo"), max_length=200, help_text=_("Per esempio: Natale."))

    objects = ClosurePeriodQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("periodo di chiusura")
        verbose_name_plural = _("periodi di chiusura")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="closure_ends_after_start",
                violation_error_message=_("La fine della chiusura non può precedere l'inizio."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.reason} ({self.start:%d/%m/%Y}-{self.end:%d/%m/%Y})"

    def belongs_to(self, user) -> bool:
        """A coordinator changes their own groups' closures; site-wide ones are the office's."""
        return (
            self.group_id is not None
            and Group.objects.coordinated_by(user).filter(pk=self.group_id).exists()
        )

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end
