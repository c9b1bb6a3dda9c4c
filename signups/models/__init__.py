"""Sign-up requests and participants, their attendance and the messages written to them."""

from signups.models.attendance import Attendance, ReminderSent
from signups.models.messages import SentMessage
from signups.models.offers import OFFER_VALID_FOR, PlaceOffer
from signups.models.requests import (
    ContactBy,
    Participant,
    SignupRequest,
    accepted_count,
    is_full,
    person_key,
    with_accepted_count,
)

__all__ = [
    "OFFER_VALID_FOR",
    "Attendance",
    "ContactBy",
    "Participant",
    "PlaceOffer",
    "ReminderSent",
    "SentMessage",
    "SignupRequest",
    "accepted_count",
    "is_full",
    "person_key",
    "with_accepted_count",
]
