from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from core.dates import weekday_name

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser


class VenueQuerySet(models.QuerySet["Venue"]):
    def editable_by(self, user: AbstractUser) -> VenueQuerySet:
        """The venues the user's groups meet in, and those nothing uses yet (just added).

        A group meets in its own venue and, for one meeting, in another ("sede diversa",
        Meeting.venue, whose reverse name is `meetings`): a venue used only that way belongs
        to that group's coordinators, not to anyone.
        """
        if user.is_superuser:
            return self
        theirs = Group.objects.coordinated_by(user)
        return self.filter(
            Q(groups__in=theirs)
            | Q(meetings__group__in=theirs)
            | Q(groups__isnull=True, meetings__isnull=True)
        ).distinct()


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

    objects = VenueQuerySet.as_manager()

    class Meta:
        ordering = ["town", "name", "pk"]
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


class Phase(models.Model):
    """A stage of the project (AMALav 1, AMALav 2, a new call for funding...)."""

    name = models.CharField(
        _("nome"), max_length=100, unique=True, help_text=_("Per esempio: AMALav 3 (2026).")
    )
    slug = models.SlugField(_("indirizzo breve"), unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("fase del progetto")
        verbose_name_plural = _("fasi del progetto")

    def __str__(self) -> str:
        return self.name


class GroupQuerySet(models.QuerySet["Group"]):
    def accepting_signups(self) -> GroupQuerySet:
        return self.filter(status__in=Group.SIGNUP_STATUSES)

    def in_order(self) -> GroupQuerySet:
        """By town, name, then slug (unique): the one order of every list of groups.

        Spelled out because Django leaves Meta.ordering out of a query with an aggregate.
        """
        return self.order_by(*self.model._meta.ordering)

    def coordinated_by(self, user: AbstractUser) -> GroupQuerySet:
        """The groups whose people and calendar this user may see and change.

        The one home of coordinator scoping: every admin narrows its rows through it.
        """
        if user.is_superuser:
            return self
        return self.filter(coordinators=user)


class Group(models.Model):
    class Kind(models.TextChoices):
        WORK = "lavoro", _("Gruppo di auto mutuo aiuto lavoro")
        ARCHIMEDES = "archimedes", _("Gruppo Archimedes di scienze e matematica")

    class Status(models.TextChoices):
        PREPARING = "preparazione", _("In preparazione")
        OPEN = "iscrizioni", _("Iscrizioni aperte")
        ACTIVE = "attivo", _("Attivo")
        CLOSED = "concluso", _("Concluso")

    # A running self-help group still welcomes new members; one between cycles takes
    # requests that wait for the next cycle, so nobody meets a dead end.
    SIGNUP_STATUSES = (Status.PREPARING, Status.OPEN, Status.ACTIVE)

    name = models.CharField(_("nome"), max_length=200)
    slug = models.SlugField(
        _("indirizzo breve"),
        unique=True,
        help_text=_("Parte dell'indirizzo della pagina: non cambiarlo, è stampato sui volantini."),
    )
    town = models.CharField(_("comune"), max_length=100)
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind, default=Kind.WORK)
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("fase del progetto"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups",
        help_text=_("Manca la fase giusta? Aggiungila con il «+» accanto."),
    )
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
    status = models.CharField(
        _("stato"),
        max_length=20,
        choices=Status,
        default=Status.PREPARING,
        help_text=_(
            "«In preparazione»: tra un ciclo e l'altro; il sito dice che il prossimo ciclo è "
            "in preparazione e raccoglie le richieste, che aspettano il nuovo ciclo. "
            "«Concluso»: il gruppo non raccoglie più richieste."
        ),
    )
    contact_email = models.EmailField(_("email di contatto"), blank=True)
    contact_phone = PhoneNumberField(
        _("telefono di contatto"), max_length=30, blank=True, region="IT"
    )
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
        ordering = ["town", "name", "slug"]
        verbose_name = _("gruppo")
        verbose_name_plural = _("gruppi")
        permissions = [
            (
                "follow_requests_without_group",
                _("Segue le richieste di adesione senza gruppo scelto"),
            )
        ]
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
    def sender_name(self) -> str:
        """How a text message opens: the project's name once, then the group's."""
        return self.name if self.name.startswith("AMALav") else f"AMALav {self.name}"

    @property
    def first_day(self) -> datetime.date | None:
        """The day people are told the cycle starts: its first planned meeting's, once planned.

        The start date alone can fall on a holiday, or change after planning.
        Needs `first_meeting_at` (meetings.models.with_first_meeting, or set by the view).
        """
        first = getattr(self, "first_meeting_at", None)
        return timezone.localdate(first) if first else self.start_date

    @property
    def weekday_name(self) -> str:
        return weekday_name(self.first_day) if self.first_day else ""

    @property
    def end_time(self) -> datetime.time:
        start = datetime.datetime.combine(datetime.date.min, self.start_time)
        return (start + self.meeting_duration).time()

    @property
    def to_name(self) -> str:
        """The name after "a": Italian writes "ad" before an "a", as in "ad AMALav Seveso"."""
        if self.name[:1].lower() == "a":
            return _("ad %(name)s") % {"name": self.name}
        return _("a %(name)s") % {"name": self.name}

    @property
    def join_label(self) -> str:
        return _("Aderisci %(to_group)s") % {"to_group": self.to_name}

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
