from __future__ import annotations

import datetime
import unicodedata
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from post_office.models import Email

from groups.models import Group, GroupQuerySet
from meetings.models import Meeting

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


def is_full(group: Group) -> bool:
    """Whether new requests for the group go to the waiting list.

    Uses the count `with_accepted_count` annotated, or asks the database.
    """
    if group.capacity is None:
        return False
    accepted_count = getattr(group, "accepted_count", None)
    if accepted_count is None:
        accepted_count = group.signup_requests.filter(status=SignupRequest.Status.ACCEPTED).count()
    return accepted_count >= group.capacity


def person_key(first_name: str, last_name: str) -> str:
    """A name as the duplicate check compares it: no case, accents or extra spaces."""
    text = unicodedata.normalize("NFKD", f"{first_name} {last_name}".casefold())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


class SignupRequestQuerySet(models.QuerySet["SignupRequest"]):
    def duplicates_of(
        self, signup: SignupRequest, window: datetime.timedelta
    ) -> SignupRequestQuerySet:
        """The same person (name, and email or phone) asking for the same group within `window`."""
        same_contact = Q(pk__in=[])
        if signup.email:
            same_contact |= Q(email=signup.email)
        if signup.phone:
            same_contact |= Q(phone=signup.phone)
        return self.filter(
            same_contact,
            group=signup.group,
            person_key=person_key(signup.first_name, signup.last_name),
            created_at__gte=timezone.now() - window,
        ).order_by("created_at")

    def due_for_purge(
        self, months: int, now: datetime.datetime | None = None
    ) -> SignupRequestQuerySet:
        """Requests kept `months` after the later of their creation and their group's last meeting.

        A group reopened long after its last cycle, or with meetings still ahead, keeps its
        fresh requests: the clock starts again with each request.
        """
        now = now or timezone.now()
        cutoff = now - datetime.timedelta(days=round(months * 365.25 / 12))
        last_meeting = Max("group__meetings__starts_at")
        # A subquery of ids, so that the aggregate never reaches delete() or update().
        due = (
            SignupRequest.objects.alias(
                kept_from=Greatest("created_at", Coalesce(last_meeting, "created_at"))
            )
            .filter(kept_from__lt=cutoff)
            .values("pk")
        )
        return self.filter(anonymised_at__isnull=True, pk__in=due)

    def on_register_of(self, meeting: Meeting) -> SignupRequestQuerySet:
        """The participants a meeting's register lists.

        Everyone in the group on the meeting's day (accepted by the end of that day, so a
        person who just turned up and was added that evening is there; not yet withdrawn),
        and anyone already recorded.
        """
        meeting_day = timezone.localdate(meeting.starts_at)
        day_after = datetime.datetime.combine(
            meeting_day + datetime.timedelta(days=1),
            datetime.time.min,
            tzinfo=timezone.get_current_timezone(),
        )
        recorded = Attendance.objects.filter(meeting=meeting, participant=OuterRef("pk"))
        in_group = Q(accepted_at__lt=day_after) & (
            Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gt=meeting.starts_at)
        )
        return self.filter(group=meeting.group_id, accepted_at__isnull=False).filter(
            in_group | Exists(recorded)
        )

    def reachable_participants(self) -> SignupRequestQuerySet:
        """People in a group's cycle now who can be written to: notices go to them."""
        return self.filter(
            status=SignupRequest.Status.ACCEPTED,
            accepted_at__isnull=False,
            anonymised_at__isnull=True,
        ).exclude(email="")


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
    phone = models.CharField(_("telefono"), max_length=20, blank=True)
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

    wants_reminders = models.BooleanField(
        _("riceve i promemoria"),
        default=True,
        help_text=_("La persona può smettere di riceverli dal link in fondo a ogni promemoria."),
    )

    objects = SignupRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
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

    def mark(self, status: str, user: AbstractUser) -> None:
        self.status = status
        self.note_handling(user)
        self.save(update_fields=["status", "handled_by", "handled_at", "accepted_at"])

    def withdraw(self, user: AbstractUser | None, reason: str = "") -> None:
        """The person leaves the group; their attendance history stays."""
        self.status = self.Status.WITHDRAWN
        self.withdrawn_at = timezone.now()
        self.withdrawal_reason = reason
        self.handled_by = user
        self.handled_at = self.withdrawn_at
        self.save(
            update_fields=[
                "status",
                "withdrawn_at",
                "withdrawal_reason",
                "handled_by",
                "handled_at",
            ]
        )

    def stop_reminders(self) -> None:
        self.wants_reminders = False
        self.save(update_fields=["wants_reminders"])

    def anonymise(self) -> None:
        """Blanks every personal field, keeping what funders' reports count."""
        self.first_name = self.last_name = ""
        self.email = self.phone = ""
        self.message = self.internal_notes = self.withdrawal_reason = ""
        self.anonymised_at = timezone.now()
        self.save()
        # The messages carried the name and the address.
        Email.objects.filter(signup_link__signup=self).delete()


class ParticipantManager(models.Manager.from_queryset(SignupRequestQuerySet)):
    def get_queryset(self) -> SignupRequestQuerySet:
        return super().get_queryset().filter(accepted_at__isnull=False)


class Participant(SignupRequest):
    """A person accepted into a group's cycle: the same row as their request."""

    objects = ParticipantManager()

    class Meta:
        proxy = True
        ordering = ["last_name", "first_name"]
        verbose_name = _("partecipante")
        verbose_name_plural = _("partecipanti")


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


class SentEmail(models.Model):
    """A message of the outbox written to the person of a request, shown on their request."""

    signup = models.ForeignKey(
        SignupRequest, verbose_name=_("richiesta"), on_delete=models.CASCADE, related_name="emails"
    )
    email = models.OneToOneField(
        Email, verbose_name=_("email"), on_delete=models.CASCADE, related_name="signup_link"
    )
    kind = models.CharField(_("tipo"), max_length=50)

    class Meta:
        ordering = ["-email__created"]
        verbose_name = _("email inviata")
        verbose_name_plural = _("email inviate")

    def __str__(self) -> str:
        return self.email.subject


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
