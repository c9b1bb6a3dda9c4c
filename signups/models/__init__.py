"""Sign-up requests and participants, their attendance and the messages written to them."""

from signups.models.attendance import Attendance, ReminderSent
from signups.models.messages import SentMessage
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
    "Attendance",
    "ContactBy",
    "Participant",
    "ReminderSent",
    "SentMessage",
    "SignupRequest",
    "accepted_count",
    "is_full",
    "person_key",
    "with_accepted_count",
]
