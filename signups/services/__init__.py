"""The signups app's services: every change of a request's or a participant's state, and
every message that follows one. Admin actions, change forms, views and jobs call these.

- submission: the public form stores a request exactly once;
- participation: accept, withdraw, other statuses, requests and people a coordinator adds;
- notices: what each person is told, and the coordinators' notice of a new request;
- links: the signed links in messages.
"""

from signups.services.links import (
    apology_token,
    read_apology_token,
    read_stop_reminders_token,
    stop_reminders_token,
)
from signups.services.notices import (
    announce_schedule_changes,
    notify,
    send_reminders,
    welcome,
)
from signups.services.participation import (
    Outcome,
    accept,
    add_participant,
    record_apology,
    set_status,
    stop_reminders,
    take_request,
    withdraw,
)
from signups.services.submission import SubmissionTokenReused, rate_limited, submit_signup

__all__ = [
    "Outcome",
    "SubmissionTokenReused",
    "accept",
    "add_participant",
    "announce_schedule_changes",
    "apology_token",
    "notify",
    "rate_limited",
    "read_apology_token",
    "read_stop_reminders_token",
    "record_apology",
    "send_reminders",
    "set_status",
    "stop_reminders",
    "stop_reminders_token",
    "submit_signup",
    "take_request",
    "welcome",
    "withdraw",
]
