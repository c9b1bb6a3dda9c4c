from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import Group
from meetings.models.meetings import Meeting


class ScheduleChangeQuerySet(models.QuerySet["ScheduleChange"]):
    def to_announce(self) -> ScheduleChangeQuerySet:
        return self.filter(announced_at__isnull=True).order_by("made_at", "pk")


class ScheduleChange(models.Model):
    """A change to a group's calendar that its participants must hear of, and who made it.

    The meetings services write it in the transaction that changes the meetings, so a
    change and its announcement are stored together or not at all; the worker turns it
    into one notice per participant and stamps `announced_at`, so none is sent twice.
    """

    class Kind(models.TextChoices):
        MOVE = "spostamento", _("Incontro spostato")
        CANCEL = "annullamento", _("Incontro annullato")
        EDIT = "modifica", _("Incontro modificato")
        SHIFT = "slittamento", _("Incontri futuri spostati")
        CLOSURE = "chiusura", _("Periodo di chiusura")
        REPLAN = "ripianificazione", _("Ciclo ripianificato")

    group = models.ForeignKey(
        Group, verbose_name=_("gruppo"), on_delete=models.CASCADE, related_name="schedule_changes"
    )
    kind = models.CharField(_("cambiamento"), max_length=20, choices=Kind)
    reason = models.CharField(_("motivo"), max_length=300, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("fatto da"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    made_at = models.DateTimeField(_("fatto il"), default=timezone.now)
    announced_at = models.DateTimeField(_("avvisi accodati il"), null=True, blank=True)
    # Who was told, and how: {"email": 3, "sms": 1, "call": 1}; written with the notices.
    notified = models.JSONField(_("avvisati"), default=dict, blank=True)
    meetings = models.ManyToManyField(
        Meeting, verbose_name=_("incontri"), through="ChangedMeeting", related_name="+"
    )

    objects = ScheduleChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-made_at", "-pk"]
        verbose_name = _("cambiamento di calendario")
        verbose_name_plural = _("cambiamenti di calendario")
        indexes = [
            models.Index(
                fields=["made_at"],
                condition=models.Q(announced_at__isnull=True),
                name="schedule_change_to_announce",
            )
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.get_kind_display()}"


class ChangedMeeting(models.Model):
    """One meeting a change touched, with where and when it was before."""

    change = models.ForeignKey(
        ScheduleChange, on_delete=models.CASCADE, related_name="changed_meetings"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    previous_start = models.DateTimeField(_("inizio precedente"))
    # Empty for a meeting the change added to the cycle.
    previous_status = models.CharField(_("stato precedente"), max_length=20, blank=True)

    class Meta:
        ordering = ["meeting__starts_at", "pk"]
        verbose_name = _("incontro cambiato")
        verbose_name_plural = _("incontri cambiati")
        constraints = [
            models.UniqueConstraint(
                fields=["change", "meeting"], name="changed_meeting_once_per_change"
            )
        ]

    def __str__(self) -> str:
        return str(self.meeting)

    @property
    def what(self) -> str:
        """ "added", "cancelled", "restored", "moved" or "edited": how the notice words it."""
        if not self.previous_status:
            return "added"
        was_cancelled = self.previous_status == Meeting.Status.CANCELLED
        if self.meeting.is_cancelled:
            return "edited" if was_cancelled else "cancelled"
        if was_cancelled:
            return "restored"
        return "moved" if self.meeting.starts_at != self.previous_start else "edited"
