"""Staff who forgot their password get a link by email, through the outbox like the rest."""

import datetime

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.utils import timezone

from amalav.models import PasswordResetRequest
from core import emails
from core.models import Message
from groups.services import password_link

# However often someone asks, an address gets at most one link in this time.
ONE_EMAIL_PER = datetime.timedelta(minutes=15)


class OutboxPasswordResetForm(PasswordResetForm):
    """Stores the request and nothing else; `send_password_resets` answers it."""

    def save(self, *args, **kwargs) -> None:
        PasswordResetRequest.objects.create(email=self.cleaned_data["email"])


def send_password_resets() -> str:
    """Queues a link for each request whose address has an account (a job).

    Each request is taken, answered and deleted in one transaction: the address it
    holds is kept no longer than needed.
    """
    sent = 0
    while True:
        with transaction.atomic():
            wanted = PasswordResetRequest.objects.select_for_update(skip_locked=True).first()
            if wanted is None:
                break
            sent += answer(wanted.email)
            wanted.delete()
    return f"{sent} password link(s) queued" if sent else ""


def answer(address: str) -> int:
    recent = Message.objects.filter(
        kind="password-reset", to__iexact=address, created_at__gte=timezone.now() - ONE_EMAIL_PER
    )
    if recent.exists():
        return 0
    users = list(PasswordResetForm().get_users(address))
    for user in users:
        emails.queue(
            "password-reset",
            user.email,
            {"user": user, "link": password_link(user, settings.SITE_URL)},
        )
    return len(users)
