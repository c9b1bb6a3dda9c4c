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
from signups.models.surveys import (
    WORK_NOW_CHOICES,
    FoundWork,
    Helped,
    Recommend,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
)

__all__ = [
    "OFFER_VALID_FOR",
    "WORK_NOW_CHOICES",
    "Attendance",
    "ContactBy",
    "FoundWork",
    "Helped",
    "Participant",
    "PlaceOffer",
    "Recommend",
    "ReminderSent",
    "SentMessage",
    "SignupRequest",
    "Survey",
    "SurveyAnswer",
    "SurveyInvitation",
    "accepted_count",
    "is_full",
    "person_key",
    "with_accepted_count",
]
