"""Accepting a sign-up request: storing it exactly once, then telling people."""

import datetime
import hashlib
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from core import emails
from core.clients import client_address
from signups.models import SignupRequest, is_full

logger = logging.getLogger(__name__)

DUPLICATE_WINDOW = datetime.timedelta(hours=24)


def rate_limited(request: HttpRequest) -> bool:
    """Counts one submission for this client; True once it is over the limit."""
    digest = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    key = f"signup-rate:{digest}"
    cache.add(key, 0, timeout=settings.SIGNUP_RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.SIGNUP_RATE_WINDOW)
        count = 1
    return count > settings.SIGNUP_RATE_LIMIT


def find_duplicate(signup: SignupRequest) -> SignupRequest | None:
    """An earlier request with the same contacts for the same group, made in the last day."""
    same_contact = Q()
    if signup.email:
        same_contact |= Q(email=signup.email)
    if signup.phone:
        same_contact |= Q(phone=signup.phone)
    return (
        SignupRequest.objects.filter(
            same_contact,
            group=signup.group,
            created_at__gte=timezone.now() - DUPLICATE_WINDOW,
        )
        .order_by("created_at")
        .first()
    )


def submit_signup(fields: dict, submission_token: uuid.UUID) -> tuple[SignupRequest, bool]:
    """Stores a request made on the public form unless it repeats one, then sends the emails.

    `fields` are the request's model fields. Returns the request and whether it is new.
    The request is committed before any mail is sent, so a broken mail server never
    loses it.
    """
    signup = SignupRequest(**fields, submission_token=submission_token)
    duplicate = find_duplicate(signup)
    if duplicate is not None:
        return duplicate, False
    signup.record_consent()
    if signup.group is not None and is_full(signup.group):
        signup.status = SignupRequest.Status.WAITING
    try:
        with transaction.atomic():
            signup.save()
    except IntegrityError:
        # The same form posted twice (a double click): the first one won.
        return SignupRequest.objects.get(submission_token=submission_token), False
    notify(signup)
    return signup, True


def notify(signup: SignupRequest) -> None:
    context = {
        "signup": signup,
        "group": signup.group,
        "admin_url": settings.SITE_URL
        + reverse("admin:signups_signuprequest_change", args=[signup.pk]),
        "privacy_url": settings.SITE_URL + reverse("privacy"),
    }
    messages = []
    if signup.email:
        messages.append(("signup-confirmation", [signup.email]))
    coordinators = []
    if signup.group is not None:
        coordinators = [u.email for u in signup.group.coordinators.all() if u.email]
    messages.append(("signup-notice", coordinators or [settings.COORDINATION_EMAIL]))
    for name, recipients in messages:
        try:
            emails.send(name, recipients, context)
        except Exception:
            # Only the id: the request itself is safe in the database.
            logger.exception("email %s for signup %s not sent", name, signup.pk)
