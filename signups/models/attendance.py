from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from signups.models.requests import SignupRequest


class Attendance(models.Model):
    """One line of a meeting's register: whether a participant came."""

    class Status(models.TextChoices):
        PRESENT = "presente", _("Presente")
        ABSENT = "assente", _("Assente")
        APOLOGISED = "giustificato", _("Assente giustificato/a")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("incontro"), on_delete=models.CASCADE, related_name="attendances"
    )
    participant = models.ForeignKey(
        SignupRequest,
        verbose_name=_("partecipante"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    status = models.CharField(_("presenza"), max_length=20, choices=Status)
    recorded_at = models.DateTimeField(_("registrata il"), auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrata da"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Vuoto se la persona si è giustificata dal link nel promemoria."),
    )

    class Meta:
        ordering = ["meeting", "participant"]
        verbose_name = _("presenza")
        verbose_name_plural = _("presenze")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "participant"],
                name="attendance_once_per_meeting",
                violation_error_message=_("La presenza di questa persona è già registrata."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} - {self.meeting}: {self.get_status_display()}"


class ReminderSent(models.Model):
    """The mark that a meeting's reminder was queued for a person: it is never queued twice."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("incontro"), on_delete=models.CASCADE, related_name="+"
    )
    participant = models.ForeignKey(
        SignupRequest, verbose_name=_("partecipante"), on_delete=models.CASCADE, related_name="+"
    )
    queued_at = models.DateTimeField(_("accodato il"), default=timezone.now)

    class Meta:
        verbose_name = _("promemoria inviato")
        verbose_name_plural = _("promemoria inviati")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "participant"],
                name="reminder_once_per_meeting",
                violation_error_message=_("Il promemoria per questo incontro è già partito."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} - {self.meeting}"
