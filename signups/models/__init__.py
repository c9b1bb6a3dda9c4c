"""Sign-up requests and participants, their attendance and the messages written to them."""

from signups.models.attendance import Attendance, ReminderSent
from signups.models.messages import SentEmail
from signups.models.requests import (
    Participant,
    SignupRequest,
    accepted_count,
    is_full,
    person_key,
    with_accepted_count,
)

__all__ = [
    "Attendance",
    "Participant",
    "ReminderSent",
    "SentEmail",
    "SignupRequest",
    "accepted_count",
    "is_full",
    "person_key",
    "with_accepted_count",
]
