"""The cycle's outcome: a short survey before the last meeting and three months after it.

Two tables on purpose. The invitation names the participant, so that each person gets
each survey once and answers it once; the purge deletes it with the rest of their data.
The answer names nobody (a group, a cycle, which survey, the answers and the work
situation the person gave when signing up), so the funders' report keeps it after the
purge, and nothing in the database links it back to the person.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from groups.models import Group
from signups.models.requests import SignupRequest


class Survey(models.TextChoices):
    END = "fine", _("Alla fine del ciclo")
    LATER = "tre_mesi", _("Tre mesi dopo")


class FoundWork(models.TextChoices):
    """Where a person may be now that the sign-up form never asks about."""

    EMPLOYED = "occupato", _("Ho trovato un lavoro dipendente")
    SELF_EMPLOYED = "autonomo", _("Lavoro in proprio")
    TRAINING = "formazione", _("Sto facendo un corso o un tirocinio")


# The answer to "your work situation now": the sign-up form's choices, after the ones a
# person reaches by finding work, so that the report compares like with like.
WORK_NOW_CHOICES = [*FoundWork.choices, *SignupRequest.WorkSituation.choices]


class Helped(models.TextChoices):
    PEERS = "confronto", _("Il confronto con persone nella mia stessa situazione")
    CONFIDENCE = "fiducia", _("Ritrovare fiducia in me")
    JOB_SEARCH = "ricerca", _("Idee e informazioni per cercare lavoro")
    COORDINATOR = "coordinatore", _("Il sostegno del coordinatore")
    NOT_ALONE = "compagnia", _("Sentirmi meno solo/a")


class Recommend(models.TextChoices):
    YES = "si", _("Sì")
    MAYBE = "forse", _("Forse")
    NO = "no", _("No")


class SurveyInvitation(models.Model):
    """The mark that a survey was sent to a participant, and whether they answered it."""

    participant = models.ForeignKey(
        SignupRequest,
        verbose_name=_("partecipante"),
        on_delete=models.CASCADE,
        related_name="survey_invitations",
    )
    survey = models.CharField(_("questionario"), max_length=10, choices=Survey)
    # The day of the cycle's last meeting: it names the cycle, and still does once the
    # group's meetings are replanned.
    cycle_end = models.DateField(_("ultimo incontro del ciclo"))
    queued_at = models.DateTimeField(_("inviato il"), auto_now_add=True)
    # Only whether, not when: a time would match the anonymous answer to its person.
    answered = models.BooleanField(_("ha risposto"), default=False)

    class Meta:
        ordering = ["-cycle_end", "survey", "pk"]
        verbose_name = _("invito al questionario")
        verbose_name_plural = _("inviti al questionario")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "survey", "cycle_end"],
                name="survey_once_per_person",
                violation_error_message=_("Il questionario è già partito per questa persona."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} - {self.get_survey_display()} ({self.cycle_end:%d/%m/%Y})"


class SurveyAnswerQuerySet(models.QuerySet["SurveyAnswer"]):
    def of_groups(self, groups: list[Group]) -> SurveyAnswerQuerySet:
        return self.filter(group__in=[group.pk for group in groups])


class SurveyAnswer(models.Model):
    """One person's answers to one survey, kept without anything that names them."""

    group = models.ForeignKey(
        Group, verbose_name=_("gruppo"), on_delete=models.PROTECT, related_name="+"
    )
    cycle_end = models.DateField(_("ultimo incontro del ciclo"))
    survey = models.CharField(_("questionario"), max_length=10, choices=Survey)
    # A day, not a time, for the reason the invitation keeps no time.
    answered_on = models.DateField(_("risposta del"))
    work_situation_at_signup = models.CharField(
        _("situazione lavorativa all'iscrizione"),
        max_length=30,
        choices=SignupRequest.WorkSituation,
        blank=True,
    )
    work_situation_now = models.CharField(
        _("situazione lavorativa alla risposta"), max_length=30, choices=WORK_NOW_CHOICES
    )
    # Values of Helped; a list, since a person may tick several or none.
    helped = models.JSONField(_("che cosa è stato utile"), default=list, blank=True)
    recommend = models.CharField(_("consiglierebbe il gruppo"), max_length=10, choices=Recommend)

    objects = SurveyAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["-answered_on", "pk"]
        verbose_name = _("risposta al questionario")
        verbose_name_plural = _("risposte al questionario")
        indexes = [models.Index(fields=["group", "answered_on"], name="survey_answer_period")]

    def __str__(self) -> str:
        return _("Risposta n. %(pk)s") % {"pk": self.pk}
