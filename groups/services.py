"""Bringing a new coordinator in: an account, their groups and an email to set a password."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import Group as PermissionGroup
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core import emails
from groups.models import Group

# Created by amalav/migrations/0001: what every coordinator may do in the admin.
COORDINATORS = "Coordinatori"


def password_link(user: AbstractUser, site_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return site_url + reverse("password_reset_confirm", args=[uid, token])


def invite_coordinator(
    first_name: str, last_name: str, email: str, groups: Iterable[Group], site_url: str
) -> AbstractUser:
    """A staff account with no password yet; the person chooses one from the emailed link."""
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            username=email, email=email, first_name=first_name, last_name=last_name, is_staff=True
        )
        user.groups.add(PermissionGroup.objects.get(name=COORDINATORS))
        user.coordinated_groups.set(groups)
        # Queued in the same transaction: no account without its invitation, nor the reverse.
        emails.queue(
            "coordinator-invitation",
            email,
            {"user": user, "groups": list(groups), "link": password_link(user, site_url)},
        )
    return user
