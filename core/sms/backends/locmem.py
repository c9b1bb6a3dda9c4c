"""Keeps each SMS in core.sms.outbox, as django.core.mail.outbox keeps email: for tests."""

from core import sms
from core.sms.backends.base import BaseSmsBackend
from core.sms.message import TextMessage


class SmsBackend(BaseSmsBackend):
    def deliver(self, message: TextMessage) -> str:
        sms.outbox.append(message)
        return f"locmem-{len(sms.outbox)}"
