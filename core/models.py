from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """When a periodic job last ran, and which worker holds it now.

    The row is the lock shared by every worker on every machine: a worker runs the job
    only after an UPDATE that moved `held_until` into the future matched the row.
    """

    name = models.CharField(_("nome"), max_length=50, primary_key=True)
    held_until = models.DateTimeField(_("in corso fino a"), null=True, blank=True)
    holder = models.CharField(_("eseguito da"), max_length=64, blank=True)
    last_finished_at = models.DateTimeField(_("ultima esecuzione"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lavoro periodico")
        verbose_name_plural = _("lavori periodici")

    def __str__(self) -> str:
        return self.name


class MessageQuerySet(models.QuerySet["Message"]):
    def due(self, now: datetime.datetime, texts: bool = True) -> MessageQuerySet:
        """Messages the worker may send now: waiting, due, and claimed by no live worker;
        without `texts`, emails only (text messages wait for the day)."""
        channels = [
            channel for channel in Message.SENT_BY_WORKER if texts or channel != Message.Channel.SMS
        ]
        return self.filter(
            status__in=Message.WAITING,
            channel__in=channels,
            next_attempt_at__lte=now,
        ).filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))

    def waiting_or_failed(self) -> MessageQuerySet:
        """What a coordinator should look at: not delivered yet after a try, or never."""
        return self.filter(Q(status=Message.Status.FAILED) | Q(status=Message.Status.RETRYING))


class Message(models.Model):
    """One message of the outbox: an email, a text message or a phone call to make.

    Requests and jobs only write rows here; the worker (`manage.py jobs`) claims each
    email and text message on its own, sends it and marks it, so a worker killed
    mid-way leaves at most the one message in flight unknown. Calls are for coordinators:
    they appear on the call list until someone marks them done.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("email")
        SMS = "sms", _("SMS")
        CALL = "telefonata", _("telefonata")

    class Status(models.TextChoices):
        QUEUED = "in_coda", _("in coda")
        RETRYING = "nuovo_tentativo", _("in attesa di un nuovo tentativo")
        SENT = "inviato", _("inviato")
        FAILED = "non_inviato", _("non inviato")
        CANCELLED = "annullato", _("non più necessario")

    WAITING = (Status.QUEUED, Status.RETRYING)
    SENT_BY_WORKER = (Channel.EMAIL, Channel.SMS)

    channel = models.CharField(_("canale"), max_length=20, choices=Channel)
    kind = models.CharField(_("tipo"), max_length=50)
    to = models.CharField(_("destinatario"), max_length=254)
    subject = models.CharField(_("oggetto"), max_length=300, blank=True)
    body = models.TextField(_("testo"))
    html = models.TextField(_("testo HTML"), blank=True)
    headers = models.JSONField(_("intestazioni"), default=dict, blank=True)
    # [{"name": ..., "mimetype": ..., "content": base64}]: small files (a calendar).
    attachments = models.JSONField(_("allegati"), default=list, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=200, blank=True)
    status = models.CharField(_("stato"), max_length=20, choices=Status, default=Status.QUEUED)
    created_at = models.DateTimeField(_("accodato il"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("prossimo tentativo"), default=timezone.now)
    claimed_until = models.DateTimeField(_("in invio fino a"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentativi"), default=0)
    sent_at = models.DateTimeField(_("inviato il"), null=True, blank=True)
    error = models.TextField(_("errore tecnico"), blank=True)
    explanation = models.CharField(
        _("cosa è successo"),
        max_length=300,
        blank=True,
        help_text=_("Per i coordinatori: perché non è partito e cosa fare."),
    )
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("fatto da"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("messaggio")
        verbose_name_plural = _("messaggi")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["in_coda", "nuovo_tentativo"]),
                name="message_waiting",
            ),
            models.Index(fields=["channel", "sent_at"], name="message_channel_sent"),
        ]

    def __str__(self) -> str:
        return self.subject or self.body[:60]

    @property
    def is_waiting(self) -> bool:
        return self.status in self.WAITING
