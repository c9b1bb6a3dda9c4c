"""A person's way through a group: contacted, accepted, waiting, withdrawn.

Each function is the one way to make its change, for every caller (admin actions, the
change forms, views, jobs): it records who did it and queues what follows.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from meetings.models import Meeting
from signups.models import Attendance, PlaceOffer, SignupRequest
from signups.services import offers
from signups.services.notices import welcome

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

Status = SignupRequest.Status


@dataclass
class Outcome:
    """What a change did, for the message the coordinator reads."""

    changed: list[SignupRequest] = field(default_factory=list)
    # How many were welcomed by each channel ("email", "sms", "telefonata").
    welcomed: Counter[str] = field(default_factory=Counter)
    # The places offered to people on a waiting list because of the change.
    offered: list[PlaceOffer] = field(default_factory=list)


def coordinator_name(user: AbstractUser) -> str:
    return user.get_full_name() or user.get_username()


@transaction.atomic
def accept(signups: Iterable[SignupRequest], by: AbstractUser | None) -> Outcome:
    """Accepts requests; a person accepted for the first time (or again after leaving)
    gets the welcome with the first date, the place and the cycle's calendar."""
    outcome = Outcome()
    for signup in signups:
        welcome_due = not signup.is_participant or signup.withdrawn_at is not None
        signup.withdrawn_at = None
        signup.withdrawal_reason = ""
        signup.status = Status.ACCEPTED
        signup.note_handling(by)
        signup.save()
        # A place offered and taken any way (the link, the admin) is no longer held open.
        offers.close_open_offers(signup, PlaceOffer.Status.ACCEPTED, by)
        outcome.changed.append(signup)
        if welcome_due:
            outcome.welcomed.update(welcome(signup, by))
    return outcome


@transaction.atomic
def accept_offer(offer_pk: int) -> Outcome:
    """The person took the place offered to them, from the link: a participant, welcomed.

    `hold` locks the group's row first, so two answers at once take the place once.
    """
    offer = offers.hold(offer_pk)
    return accept([offer.signup], by=None)


@transaction.atomic
def withdraw(
    participants: Iterable[SignupRequest],
    by: AbstractUser | None,
    reason: str = "",
    when: datetime.datetime | None = None,
) -> Outcome:
    """The people leave their group: off the registers of later meetings and their
    reminders, counted as withdrawn in the report; their attendance history stays."""
    outcome = Outcome()
    when = when or timezone.now()
    for person in participants:
        if person.withdrawn_at is not None and person.status == Status.WITHDRAWN:
            continue
        person.status = Status.WITHDRAWN
        person.withdrawn_at = when
        person.withdrawal_reason = reason
        person.note_handling(by)
        person.save()
        offers.close_open_offers(person, PlaceOffer.Status.CANCELLED, by)
        outcome.changed.append(person)
    # Each place freed goes to the first person waiting for it.
    for group in {person.group for person in outcome.changed if person.group is not None}:
        outcome.offered.extend(offers.move_waiting_list(group))
    return outcome


@transaction.atomic
def set_status(
    signups: Iterable[SignupRequest], status: str, by: AbstractUser, reason: str = ""
) -> Outcome:
    """Moves requests to `status` the one way each status is reached: accepting welcomes,
    withdrawing takes the person off the registers, the rest record who and when."""
    if status == Status.ACCEPTED:
        return accept(signups, by)
    if status == Status.WITHDRAWN:
        return withdraw(signups, by, reason)
    outcome = Outcome()
    for signup in signups:
        if signup.status == status:
            continue
        signup.status = status
        signup.note_handling(by)
        signup.save(update_fields=["status", "handled_by", "handled_at"])
        outcome.changed.append(signup)
        if status != Status.WAITING:
            # No longer waiting: a place offered to them goes to the next one in line.
            outcome.offered.extend(offers.cancel_offers(signup.offers.open(), by))
    return outcome


@transaction.atomic
def take_request(signup: SignupRequest, by: AbstractUser) -> Outcome:
    """Stores a request a coordinator took by phone or in person (the admin's add form).

    The coordinator read the privacy notice to the person; a request stored as accepted
    is a new participant, who gets the welcome.
    """
    status = signup.status
    signup.record_consent(
        gettext("al telefono, dal coordinatore %(name)s") % {"name": coordinator_name(by)}
    )
    signup.status = Status.NEW
    signup.note_handling(by)
    signup.notified_at = timezone.now()  # the person is on the phone with a coordinator
    signup.save()
    if status == Status.NEW:
        return Outcome(changed=[signup])
    return set_status([signup], status, by)


@transaction.atomic
def add_participant(person: SignupRequest, by: AbstractUser) -> Outcome:
    """A person who phoned or turned up joins the group at once, and gets the welcome."""
    person.record_consent(
        gettext("di persona o al telefono, dal coordinatore %(name)s")
        % {"name": coordinator_name(by)}
    )
    person.status = Status.NEW
    person.notified_at = timezone.now()  # the welcome tells them everything
    person.save()
    return accept([person], by)


def record_apology(meeting: Meeting, participant: SignupRequest) -> None:
    """The person said they cannot come: the coordinator sees it beside the meeting."""
    Attendance.objects.update_or_create(
        meeting=meeting,
        participant=participant,
        defaults={"status": Attendance.Status.APOLOGISED, "recorded_by": None},
    )


def stop_reminders(participant: SignupRequest) -> None:
    """From the link at the foot of every reminder: no more reminders, nothing else."""
    SignupRequest.objects.filter(pk=participant.pk).update(wants_reminders=False)
    participant.wants_reminders = False
