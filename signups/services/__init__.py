"""The signups app's services: every change of a request's or a participant's state, and
every message that follows one. Admin actions, change forms, views and jobs call these.

- submission: the public form stores a request exactly once;
- participation: accept, withdraw, other statuses, requests and people a coordinator adds;
- notices: what each person is told, and the jobs that tell them;
- channels: one message to one person by email, SMS or a coordinator's call;
- links: the links in messages, and when each still holds;
- surveys: the cycle's survey, sent twice and answered once.
- offers: the waiting list that moves, a freed place offered to the next person.
"""

from signups.services.channels import mark_called, resend, tell
from signups.services.links import (
    LinkRefused,
    apology_url,
    offer_url,
    read_apology,
    read_offer,
    read_stop_reminders,
    read_survey,
    stop_reminders_url,
)
from signups.services.notices import (
    announce_schedule_changes,
    notify,
    notify_new_requests,
    send_reminders,
    welcome,
)
from signups.services.offers import (
    NoPlace,
    cancel_offers,
    decline_offer,
    lapse_offers,
    move_waiting_list,
    offer_place,
)
from signups.services.participation import (
    Outcome,
    accept,
    accept_offer,
    add_participant,
    record_apology,
    set_status,
    stop_reminders,
    take_request,
    withdraw,
)
from signups.services.submission import SubmissionTokenReused, rate_limited, submit_signup
from signups.services.surveys import AlreadyAnswered, record_answer, send_surveys

__all__ = [
    "AlreadyAnswered",
    "LinkRefused",
    "NoPlace",
    "Outcome",
    "SubmissionTokenReused",
    "accept",
    "accept_offer",
    "add_participant",
    "announce_schedule_changes",
    "apology_url",
    "cancel_offers",
    "decline_offer",
    "lapse_offers",
    "mark_called",
    "move_waiting_list",
    "notify",
    "notify_new_requests",
    "offer_place",
    "offer_url",
    "rate_limited",
    "read_apology",
    "read_offer",
    "read_stop_reminders",
    "read_survey",
    "record_answer",
    "record_apology",
    "resend",
    "send_reminders",
    "send_surveys",
    "set_status",
    "stop_reminders",
    "stop_reminders_url",
    "submit_signup",
    "take_request",
    "tell",
    "welcome",
    "withdraw",
]
