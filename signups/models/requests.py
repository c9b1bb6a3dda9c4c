from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from core import phones
from core.models import Message
from groups.models import Group, GroupQuerySet
from signups.models.querysets import SignupRequestQuerySet, person_key

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser


def with_accepted_count(groups: GroupQuerySet) -> GroupQuerySet:
    """Annotates each group with its accepted requests, which decide "al completo"."""
    # A subquery per group walks the (group, status) index instead of every request.
    accepted = (
        SignupRequest.objects.filter(group=OuterRef("pk"), status=SignupRequest.Status.ACCEPTED)
        .order_by()
        .values("group")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return groups.annotate(accepted_count=Coalesce(Subquery(accepted), 0))


def accepted_count(group: Group) -> int:
    """The group's accepted requests, which decide "al completo".

    Uses the count `with_accepted_count` annotated, or asks the database.
    """
    annotated = getattr(group, "accepted_count", None)
    if annotated is not None:
        return annotated
    return group.signup_requests.filter(status=SignupRequest.Status.ACCEPTED).count()


def is_full(group: Group) -> bool:
    """Whether new requests for the group go to the waiting list."""
    return group.capacity is not None and accepted_count(group) >= group.capacity


class ContactBy(models.TextChoices):
    EMAIL = "email", _("Per email")
    SMS = "sms", _("Per SMS")
    BOTH = "email_sms", _("Per email e SMS")
    CALL = "telefonata", _("Con una telefonata")


class SignupRequest(models.Model):
    class WorkSituation(models.TextChoices):
        # "mobilita" (abolished in 2017, replaced by NASpI) became "naspi": migration 0004.
        UNEMPLOYED = "disoccupato", _("Senza lavoro (disoccupato/a)")
        NASPI = "naspi", _("Senza lavoro, con la NASpI")
        REDUNDANCY_FUND = "cassa_integrazione", _("In cassa integrazione")
        CONTRACT_ENDING = "contratto_in_scadenza", _("Con un contratto in scadenza")
        AT_RISK = "a_rischio", _("A rischio di perdere il lavoro (azienda in crisi)")
        OTHER = "altro", _("Altro")

    class HeardFrom(models.TextChoices):
        WORD_OF_MOUTH = "passaparola", _("Passaparola, amici o parenti")
        MUNICIPALITY = "comune", _("Comune o servizi sociali")
        JOB_CENTRE = "centro_impiego", _("Centro per l'impiego o AFOL")
        UNION = "sindacato", _("Sindacato")
        PRESS = "stampa", _("Giornale, radio o TV")
        WEB = "internet", _("Internet o social network")
        OTHER = "altro", _("Altro")

    class Status(models.TextChoices):
        NEW = "nuova", _("Nuova")
        CONTACTED = "contattata", _("Contattata")
        ACCEPTED = "accettata", _("Accettata")
        WAITING = "attesa", _("In lista d'attesa")
        NOT_INTERESTED = "non_interessata", _("Non interessata")
        WITHDRAWN = "ritirata", _("Ritirata")

    first_name = models.CharField(_("nome"), max_length=100)
    last_name = models.CharField(_("cognome"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = PhoneNumberField(_("telefono"), max_length=20, blank=True, region="IT")
    town = models.CharField(_("comune di residenza"), max_length=100)
    group = models.ForeignKey(
        Group,
        verbose_name=_("gruppo scelto"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signup_requests",
        help_text=_("Vuoto: un gruppo qualsiasi vicino a casa."),
    )
    work_situation = models.CharField(
        _("situazione lavorativa"),
        max_length=30,
        choices=WorkSituation,
        blank=True,
        help_text=_("Vuota per chi si iscrive a un gruppo Archimedes, aperto a tutti."),
    )
    message = models.TextField(_("messaggio"), max_length=2000, blank=True)
    heard_from = models.CharField(
        _("come ci ha conosciuti"), max_length=30, choices=HeardFrom, blank=True
    )
    privacy_version = models.CharField(_("versione dell'informativa accettata"), max_length=20)
    privacy_accepted_at = models.DateTimeField(_("informativa accettata il"))
    consent_note = models.CharField(
        _("consenso dato"),
        max_length=200,
        blank=True,
        help_text=_("Come la persona ha accettato l'informativa: sul sito o al telefono."),
    )
    news_consent = models.BooleanField(_("consenso alle notizie per email"), default=False)
    created_at = models.DateTimeField(_("ricevuta il"), default=timezone.now, db_index=True)
    status = models.CharField(_("stato"), max_length=20, choices=Status, default=Status.NEW)
    internal_notes = models.TextField(_("note interne"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gestita da"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("gestita il"), null=True, blank=True)
    # One token per rendered form: a double click posts it twice, the database keeps one row.
    submission_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    anonymised_at = models.DateTimeField(_("anonimizzata il"), null=True, blank=True)
    # The normalised name, stored so that the duplicate check is one indexed query.
    person_key = models.CharField(max_length=201, blank=True, editable=False)
    # Set once, when the request is first accepted: the person is then a participant of
    # the group's cycle, and stays one in the registers and reports even after leaving.
    accepted_at = models.DateTimeField(_("partecipante dal"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("ritirato/a il"), null=True, blank=True)
    withdrawal_reason = models.CharField(
        _("motivo del ritiro"),
        max_length=300,
        blank=True,
        help_text=_("Facoltativo, per esempio: ha trovato lavoro."),
    )

    contact_by = models.CharField(
        _("avvisi per"),
        max_length=20,
        choices=ContactBy,
        default=ContactBy.EMAIL,
        help_text=_(
            "Come la persona riceve conferma, benvenuto, promemoria e avvisi. Senza email né "
            "cellulare, o se preferisce così, i messaggi finiscono tra le telefonate da fare."
        ),
    )
    # Set by the worker once the confirmation and the coordinators' notice are queued: a
    # request stored without them is picked up again, so none is ever lost.
    notified_at = models.DateTimeField(_("avvisi accodati il"), null=True, blank=True)
    wants_reminders = models.BooleanField(
        _("riceve i promemoria"),
        default=True,
        help_text=_("La persona può smettere di riceverli dal link in fondo a ogni promemoria."),
    )

    objects = SignupRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["group", "status"], name="signup_group_status"),
            models.Index(fields=["group", "person_key", "created_at"], name="signup_same_person"),
            # Participants are the few accepted requests among many: the press page counts
            # them on every render, and the register lists them, without reading the rest.
            models.Index(
                fields=["group", "accepted_at"],
                condition=models.Q(accepted_at__isnull=False),
                name="signup_participants",
            ),
        ]
        verbose_name = _("richiesta di adesione")
        verbose_name_plural = _("richieste di adesione")
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone="") | Q(anonymised_at__isnull=False),
                name="signup_has_email_or_phone",
                violation_error_message=_("Serve almeno un'email o un numero di telefono."),
            ),
        ]

    def __str__(self) -> str:
        if self.anonymised_at:
            return _("Richiesta anonimizzata n. %(pk)s") % {"pk": self.pk}
        return f"{self.first_name} {self.last_name}"

    def save(self, *args, **kwargs) -> None:
        self.person_key = person_key(self.first_name, self.last_name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "person_key"}
        super().save(*args, **kwargs)

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.WAITING

    def record_consent(self, how: str) -> None:
        """Stamps the privacy notice the person accepted, and how, wherever the request came."""
        self.privacy_version = settings.PRIVACY_NOTICE_VERSION
        self.privacy_accepted_at = timezone.now()
        self.consent_note = how

    @property
    def is_participant(self) -> bool:
        return self.accepted_at is not None

    def note_handling(self, user: AbstractUser) -> None:
        """Records who changed the status and when; a first acceptance makes a participant."""
        self.handled_by = user
        self.handled_at = timezone.now()
        if self.status == self.Status.ACCEPTED and self.accepted_at is None:
            self.accepted_at = self.handled_at

    def message_channels(self) -> list[str]:
        """How this person hears from us: the channel chosen when it can reach them, or
        the one that can, or a coordinator's call ("email", "sms", "telefonata")."""
        email, sms = bool(self.email), phones.is_mobile(self.phone)
        picked = []
        if self.contact_by in (ContactBy.EMAIL, ContactBy.BOTH) and email:
            picked.append(ContactBy.EMAIL.value)
        if self.contact_by in (ContactBy.SMS, ContactBy.BOTH) and sms:
            picked.append(ContactBy.SMS.value)
        if picked:
            return picked
        if self.contact_by != ContactBy.CALL or not self.phone:
            if email:
                return [ContactBy.EMAIL.value]
            if sms:
                return [ContactBy.SMS.value]
        return [ContactBy.CALL.value]

    def anonymise(self) -> None:
        """Blanks every personal field, keeping what funders' reports count."""
        self.first_name = self.last_name = ""
        self.email = self.phone = ""
        self.message = self.internal_notes = self.withdrawal_reason = ""
        self.anonymised_at = timezone.now()
        self.save()
        # The messages carried the name and the address.
        Message.objects.filter(about__signup=self).delete()
        # Who was asked and who answered: the answers themselves name nobody and stay.
        self.survey_invitations.all().delete()


class ParticipantManager(models.Manager.from_queryset(SignupRequestQuerySet)):
    def get_queryset(self) -> SignupRequestQuerySet:
        return super().get_queryset().filter(accepted_at__isnull=False)


class Participant(SignupRequest):
    """A person accepted into a group's cycle: the same row as their request."""

    objects = ParticipantManager()

    class Meta:
        proxy = True
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("partecipante")
        verbose_name_plural = _("partecipanti")
