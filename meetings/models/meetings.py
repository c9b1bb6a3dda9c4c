from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from groups.models import Group, GroupQuerySet, Venue
from groups.visibility import visible_rows

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser


def with_first_meeting(groups: GroupQuerySet) -> GroupQuerySet:
    """Annotates the start of each group's first meeting not called off."""
    return groups.annotate(
        first_meeting_at=models.Min(
            "meetings__starts_at", filter=~Q(meetings__status=Meeting.Status.CANCELLED)
        )
    )


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def upcoming(self, now: datetime.datetime | None = None) -> MeetingQuerySet:
        """Meetings not yet over, including cancelled ones people must hear about."""
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def ahead(self, now: datetime.datetime | None = None) -> MeetingQuerySet:
        """Meetings not yet begun: the first one a newcomer can come to."""
        return self.filter(starts_at__gt=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now: datetime.datetime | None = None) -> MeetingQuerySet:
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def for_month(self, year: int, month: int) -> MeetingQuerySet:
        """Meetings starting in that calendar month, in Rome time."""
        tz = timezone.get_default_timezone()
        first = datetime.datetime(year, month, 1, tzinfo=tz)
        following = datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
        return self.filter(starts_at__gte=first, starts_at__lt=following).order_by(
            "starts_at", "pk"
        )

    def calendar_months(self) -> list[datetime.date]:
        """First days of the months with meetings and of the month either side of each.

        Only these month pages are linked and indexable: the rest would be empty.
        """
        months = set()
        for start in self.datetimes("starts_at", "month"):
            first = start.date().replace(day=1)
            before = (first - datetime.timedelta(days=1)).replace(day=1)
            after = (first + datetime.timedelta(days=32)).replace(day=1)
            months.update((before, first, after))
        return sorted(months)

    def taking_place(self) -> MeetingQuerySet:
        return self.exclude(status=Meeting.Status.CANCELLED)

    def visible_to(self, user: AbstractUser) -> MeetingQuerySet:
        """The meetings of the groups the user coordinates (every one for superusers)."""
        return self.filter(visible_rows(user, "group"))

    def with_places(self) -> MeetingQuerySet:
        return self.select_related("group", "group__venue", "venue")


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "in_programma", _("In programma")
        CANCELLED = "annullato", _("Annullato")
        MOVED = "spostato", _("Spostato")

    group = models.ForeignKey(
        Group, verbose_name=_("gruppo"), on_delete=models.CASCADE, related_name="meetings"
    )
    number = models.PositiveSmallIntegerField(
        _("numero"), help_text=_("Posizione nel ciclo: resta la stessa se l'incontro è spostato.")
    )
    starts_at = models.DateTimeField(_("inizio"))
    duration = models.DurationField(_("durata"), default=datetime.timedelta(hours=2))
    # Stored so that "upcoming" is one indexed comparison in the database.
    ends_at = models.DateTimeField(_("fine"), editable=False, db_index=True)
    topic = models.CharField(_("tema"), max_length=200, blank=True)
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("sede diversa"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        # Named, so that the groups app can scope venues by it without importing meetings.
        related_name="meetings",
        help_text=_("Solo se questo incontro non si tiene nella sede abituale del gruppo."),
    )
    status = models.CharField(_("stato"), max_length=20, choices=Status, default=Status.SCHEDULED)
    moved_from = models.DateTimeField(
        _("data originale"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("La data annunciata prima dello spostamento."),
    )
    # iCalendar SEQUENCE: calendar clients update an event only when it grows (see revise).
    sequence = models.PositiveIntegerField(
        _("versione per i calendari"),
        default=0,
        editable=False,
        help_text=_("Cresce a ogni modifica, così i calendari abbonati si aggiornano."),
    )
    public_note = models.CharField(
        _("nota pubblica"),
        max_length=300,
        blank=True,
        help_text=_("Mostrata sul sito, per esempio il motivo di un annullamento."),
    )
    internal_note = models.TextField(_("nota interna"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    # A change to any of these must reach the calendars people subscribed to.
    CALENDAR_FIELDS = ("status", "duration", "venue_id", "topic", "public_note")

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["group", "starts_at"]
        verbose_name = _("incontro")
        verbose_name_plural = _("incontri")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "starts_at"],
                name="meeting_unique_start",
                violation_error_message=_("Il gruppo ha già un incontro a quest'ora."),
            ),
            models.UniqueConstraint(
                fields=["group", "number"],
                name="meeting_unique_number",
                violation_error_message=_("Il gruppo ha già un incontro con questo numero."),
            ),
            models.CheckConstraint(
                condition=Q(duration__gt=datetime.timedelta(0)),
                name="meeting_duration_positive",
                violation_error_message=_("La durata deve essere maggiore di zero."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="meeting_number_positive",
                violation_error_message=_("Il numero dell'incontro parte da 1."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(group)s, incontro %(number)s") % {"group": self.group, "number": self.number}

    def save(self, *args, **kwargs) -> None:
        self.ends_at = self.starts_at + self.duration
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "ends_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("groups:detail", args=[self.group.slug]) + f"#incontro-{self.number}"

    def clean(self) -> None:
        if self.status == self.Status.CANCELLED and not self.public_note.strip():
            raise ValidationError(
                {
                    "public_note": _(
                        "Scrivi il motivo dell'annullamento: lo leggono i partecipanti "
                        "nell'avviso e sul sito."
                    )
                }
            )

    @property
    def position(self) -> str:
        """ "incontro 3 di 18": where the meeting sits in its cycle."""
        return _("incontro %(number)s di %(total)s") % {
            "number": self.number,
            "total": self.group.cycle_length,
        }

    @property
    def title(self) -> str:
        return f"{self.group.name}: {self.position}"

    @property
    def google_calendar_url(self) -> str:
        """Google Calendar's "add event" page, filled in: no account link, no script."""
        utc = "%Y%m%dT%H%M%SZ"
        place = self.place
        params = {
            "action": "TEMPLATE",
            "text": self.title,
            "dates": f"{self.starts_at.astimezone(datetime.UTC):{utc}}/"
            f"{self.ends_at.astimezone(datetime.UTC):{utc}}",
            "details": settings.SITE_URL + self.get_absolute_url(),
            "location": place.full_address if place else self.group.town,
            "ctz": str(timezone.get_default_timezone()),
        }
        return "https://calendar.google.com/calendar/render?" + urlencode(params)

    @property
    def place(self) -> Venue | None:
        return self.venue or self.group.venue

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    def move_to(self, new_start: datetime.datetime) -> None:
        """Reschedules the meeting, keeping its number and the date first announced."""
        if new_start == self.starts_at:
            return
        if self.moved_from is None:
            self.moved_from = self.starts_at
        self.starts_at = new_start
        if new_start == self.moved_from:
            # Back on the date first announced: nothing to warn people about.
            self.moved_from = None
            self.status = self.Status.SCHEDULED
        else:
            self.status = self.Status.MOVED
        self.sequence += 1

    def revise(self, stored: Meeting) -> None:
        """Applies a coordinator's edit, compared with the row as stored, so that
        subscribed calendars pick it up: a new start is a move, any other change people
        see in their calendar bumps the SEQUENCE."""
        if self.starts_at != stored.starts_at:
            new_start, self.starts_at = self.starts_at, stored.starts_at
            self.move_to(new_start)
        elif any(getattr(self, name) != getattr(stored, name) for name in self.CALENDAR_FIELDS):
            self.sequence += 1

    def cancel(self, reason: str = "") -> None:
        """Cancels the meeting; the reason is shown on the site and in calendars."""
        self.status = self.Status.CANCELLED
        if reason:
            self.public_note = reason
        self.sequence += 1
