from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser


WEEKDAY_NAMES = [
    _("lunedì"),
    _("martedì"),
    _("mercoledì"),
    _("giovedì"),
    _("venerdì"),
    _("sabato"),
    _("domenica"),
]


class Venue(models.Model):
    name = models.CharField(_("nome"), max_length=200)
    address = models.CharField(
        _("indirizzo"), max_length=200, blank=True, help_text=_("Via e numero civico.")
    )
    town = models.CharField(_("comune"), max_length=100)
    directions = models.TextField(
        _("come arrivare"),
        blank=True,
        help_text=_("Mezzi pubblici, parcheggi, ingresso: scritto per chi non conosce il posto."),
    )
    step_free = models.BooleanField(
        _("accessibile senza gradini"),
        default=False,
        help_text=_("Spuntare solo se si arriva alla sala senza scale (rampa o ascensore)."),
    )
    accessibility_notes = models.TextField(_("note sull'accessibilità"), blank=True)

    class Meta:
        ordering = ["town", "name"]
        verbose_name = _("sede")
        verbose_name_plural = _("sedi")

    def __str__(self) -> str:
        return f"{self.name} ({self.town})"

    @property
    def full_address(self) -> str:
        return ", ".join(part for part in (self.name, self.address, self.town) if part)

    @property
    def map_url(self) -> str:
        """An OpenStreetMap search for the address: a plain link, nothing loaded here."""
        place = ", ".join(part for part in (self.address or self.name, self.town) if part)
        return "https://www.openstreetmap.org/search?" + urlencode({"query": place})


class GroupQuerySet(models.QuerySet["Group"]):
    def accepting_signups(self) -> GroupQuerySet:
        return self.filter(status__in=Group.SIGNUP_STATUSES)

    def with_accepted_count(self) -> GroupQuerySet:
        # A subquery per group walks the (group, status) index instead of every request.
        accepted = (
            SignupRequest.objects.filter(group=OuterRef("pk"), status=SignupRequest.Status.ACCEPTED)
            .order_by()
            .values("group")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(accepted_count=Coalesce(Subquery(accepted), 0))


class Group(models.Model):
    class Kind(models.TextChoices):
        LAVORO = "lavoro", _("Gruppo di auto mutuo aiuto lavoro")
        ARCHIMEDES = "archimedes", _("Gruppo Archimedes di scienze e matematica")

    class Phase(models.TextChoices):
        AMALAV1 = "amalav1", _("AMALav 1 (2013-2015)")
        AMALAV2 = "amalav2", _("AMALav 2 (2016)")
        ARCHIMEDES = "archimedes", _("Progetto Archimedes")

    class Status(models.TextChoices):
        PREPARING = "preparazione", _("In preparazione")
        OPEN = "iscrizioni", _("Iscrizioni aperte")
        ACTIVE = "attivo", _("Attivo")
        CLOSED = "concluso", _("Concluso")

    # A running self-help group still welcomes new members.
    SIGNUP_STATUSES = (Status.OPEN, Status.ACTIVE)

    name = models.CharField(_("nome"), max_length=200)
    slug = models.SlugField(
        _("indirizzo breve"),
        unique=True,
        help_text=_("Parte dell'indirizzo della pagina: non cambiarlo, è stampato sui volantini."),
    )
    town = models.CharField(_("comune"), max_length=100)
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind, default=Kind.LAVORO)
    phase = models.CharField(_("fase del progetto"), max_length=20, choices=Phase)
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("sede"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups",
        help_text=_("Lasciare vuoto se la sede non è ancora decisa."),
    )
    description = models.TextField(_("descrizione"), blank=True)
    start_date = models.DateField(
        _("data del primo incontro"),
        null=True,
        blank=True,
        help_text=_("Il giorno della settimana degli incontri è quello di questa data."),
    )
    start_time = models.TimeField(_("ora di inizio"), default=datetime.time(18, 0))
    meeting_duration = models.DurationField(
        _("durata di un incontro"),
        default=datetime.timedelta(hours=2),
        help_text=_("Nel formato ore:minuti:secondi, per esempio 02:00:00."),
    )
    cycle_length = models.PositiveSmallIntegerField(
        _("incontri del ciclo"), default=18, help_text=_("Uno ogni due settimane.")
    )
    patron_saint_day = models.DateField(
        _("festa patronale"),
        null=True,
        blank=True,
        help_text=_("Giorno del santo patrono del comune: contano solo giorno e mese."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("posti"),
        null=True,
        blank=True,
        help_text=_("Partecipanti accettati oltre i quali le richieste vanno in lista d'attesa."),
    )
    status = models.CharField(_("stato"), max_length=20, choices=Status, default=Status.PREPARING)
    contact_email = models.EmailField(_("email di contatto"), blank=True)
    contact_phone = models.CharField(_("telefono di contatto"), max_length=30, blank=True)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinatori"),
        blank=True,
        related_name="coordinated_groups",
        help_text=_(
            "Ricevono le richieste di adesione del gruppo e le vedono nell'amministrazione."
        ),
    )

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["town", "name"]
        verbose_name = _("gruppo")
        verbose_name_plural = _("gruppi")
        constraints = [
            models.CheckConstraint(
                condition=Q(cycle_length__gte=1), name="group_cycle_has_meetings"
            ),
            models.CheckConstraint(
                condition=Q(meeting_duration__gt=datetime.timedelta(0)),
                name="group_meeting_duration_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:detail", args=[self.slug])

    @property
    def weekday_name(self) -> str:
        return str(WEEKDAY_NAMES[self.start_date.weekday()]) if self.start_date else ""

    @property
    def end_time(self) -> datetime.time:
        start = datetime.datetime.combine(datetime.date.min, self.start_time)
        return (start + self.meeting_duration).time()

    @property
    def join_label(self) -> str:
        # Italian writes "ad" before a name that starts with "a": "Aderisci ad AMALav Seveso".
        if self.name[:1].lower() == "a":
            return _("Aderisci ad %(name)s") % {"name": self.name}
        return _("Aderisci a %(name)s") % {"name": self.name}

    @property
    def audience(self) -> str:
        """Who the group is for, in one line: Archimedes groups are not about job loss."""
        if self.kind == self.Kind.ARCHIMEDES:
            return _("Incontri di scienze e di matematica, aperti a tutti e gratuiti.")
        return _("Per chi ha perso il lavoro o rischia di perderlo. Gratuito.")

    @property
    def accepts_signups(self) -> bool:
        return self.status in self.SIGNUP_STATUSES

    @property
    def email(self) -> str:
        return self.contact_email or settings.COORDINATION_EMAIL

    @property
    def phone(self) -> str:
        return self.contact_phone or settings.COORDINATION_PHONE

    def is_full(self, accepted_count: int | None = None) -> bool:
        """Whether new requests go to the waiting list.

        Pass the count when the queryset already annotated it, to save a query.
        """
        if self.capacity is None:
            return False
        if accepted_count is None:
            accepted_count = getattr(self, "accepted_count", None)
        if accepted_count is None:
            accepted_count = self.signup_requests.filter(
                status=SignupRequest.Status.ACCEPTED
            ).count()
        return accepted_count >= self.capacity


class SignupRequestQuerySet(models.QuerySet["SignupRequest"]):
    def visible_to(self, user: AbstractUser) -> SignupRequestQuerySet:
        """Coordinators see only the requests of the groups they coordinate."""
        if user.is_superuser:
            return self
        return self.filter(group__coordinators=user)

    def due_for_purge(
        self, months: int, now: datetime.datetime | None = None
    ) -> SignupRequestQuerySet:
        """Requests kept longer than `months` after their group's cycle ended.

        A request with no group, or whose group never had meetings, is kept
        `months` after it was made.
        """
        from meetings.models import Meeting

        now = now or timezone.now()
        cutoff = now - datetime.timedelta(days=round(months * 365.25 / 12))
        ended_groups = (
            Meeting.objects.values("group")
            .annotate(last=models.Max("starts_at"))
            .filter(last__lt=cutoff)
            .values("group")
        )
        planned_groups = Meeting.objects.values("group")
        return self.filter(anonymised_at__isnull=True).filter(
            Q(group__in=ended_groups) | (~Q(group__in=planned_groups) & Q(created_at__lt=cutoff))
        )


class SignupRequest(models.Model):
    class WorkSituation(models.TextChoices):
        # "mobilita" (abolished in 2017, replaced by NASpI) became "naspi": migration 0005.
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
        _("situazione lavorativa"), max_length=30, choices=WorkSituation
    )
    message = models.TextField(_("messaggio"), max_length=2000, blank=True)
    heard_from = models.CharField(
        _("come ci ha conosciuti"), max_length=30, choices=HeardFrom, blank=True
    )
    privacy_version = models.CharField(_("versione dell'informativa accettata"), max_length=20)
    privacy_accepted_at = models.DateTimeField(_("informativa accettata il"))
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

    objects = SignupRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["group", "status"], name="signup_group_status")]
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

    def mark(self, status: str, user: AbstractUser) -> None:
        self.status = status
        self.handled_by = user
        self.handled_at = timezone.now()
        self.save(update_fields=["status", "handled_by", "handled_at"])

    def anonymise(self) -> None:
        """Blanks every personal field, keeping what funders' reports count."""
        self.first_name = self.last_name = ""
        self.email = self.phone = ""
        self.message = self.internal_notes = ""
        self.anonymised_at = timezone.now()
        self.save()
