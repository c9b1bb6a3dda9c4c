"""The public form's one state change: storing a request exactly once."""

import datetime
import hashlib
import uuid

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest
from django.utils.translation import gettext

from core.cache import count_attempt
from core.clients import client_address
from signups.models import SignupRequest, is_full, person_key

DUPLICATE_WINDOW = datetime.timedelta(hours=24)


def rate_limited(request: HttpRequest) -> bool:
    """Counts one submission for this client; True once it is over the limit."""
    digest = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    count = count_attempt(f"signup-rate:{digest}", settings.SIGNUP_RATE_WINDOW)
    return count > settings.SIGNUP_RATE_LIMIT


class SubmissionTokenReused(Exception):
    """The form's token already stored someone else's request: the form must be reloaded."""


def lock_person(signup: SignupRequest) -> None:
    """Serialises, until the transaction ends, every submission of this person for this group.

    The duplicate rule (same name, same email or phone, same group, within 24 hours) is
    not a plain unique key: contacts match by "or" and the window slides. So PostgreSQL
    holds it with a transaction-scoped advisory lock on the group and the normalised
    name: concurrent identical submissions queue here, and each one checks for a
    duplicate only after the previous one committed (READ COMMITTED sees it). Different
    people never wait for each other. SQLite serialises every write by itself.
    """
    if connection.vendor != "postgresql":
        return
    key = f"signup:{signup.group_id or 0}:{person_key(signup.first_name, signup.last_name)}"
    digest = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [digest])


def same_submission(stored: SignupRequest, signup: SignupRequest) -> bool:
    """Whether a stored request is this very form posted again (a double click)."""
    return (
        stored.group_id == signup.group_id
        and stored.person_key == person_key(signup.first_name, signup.last_name)
        and (stored.email, stored.phone) == (signup.email, signup.phone)
    )


def submit_signup(fields: dict, submission_token: uuid.UUID) -> tuple[SignupRequest, bool]:
    """Stores a request made on the public form unless it repeats one.

    `fields` are the request's model fields. Returns the request and whether it is new;
    raises SubmissionTokenReused when the token already stored a different request. The
    row is all the request writes: stored without `notified_at`, it is the worker's cue
    to queue the confirmation and the coordinators' notice (notices.notify_new_requests),
    so the messages a request causes are never lost nor built while a person waits.
    """
    signup = SignupRequest(**fields, submission_token=submission_token)
    try:
        with transaction.atomic():
            lock_person(signup)
            stored = SignupRequest.objects.stored_before(signup, DUPLICATE_WINDOW).first()
            if stored is not None:
                if stored.submission_token == signup.submission_token and not same_submission(
                    stored, signup
                ):
                    raise SubmissionTokenReused
                return stored, False
            signup.record_consent(gettext("sul modulo del sito"))
            if signup.group is not None and is_full(signup.group):
                signup.status = SignupRequest.Status.WAITING
            signup.save()
    except IntegrityError:
        # The same token posted by someone else at the very same moment.
        stored = SignupRequest.objects.get(submission_token=submission_token)
        if not same_submission(stored, signup):
            raise SubmissionTokenReused from None
        return stored, False
    return signup, True
