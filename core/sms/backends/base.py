from django.conf import settings

from core.sms.message import TextMessage, prepare
from core.sms.text import segments


class BaseSmsBackend:
    """Sends one message at a time: the outbox claims, sends and marks each on its own."""

    def __init__(self, sender: str | None = None) -> None:
        self.sender = sender or settings.SMS_SENDER

    def send(self, message: TextMessage) -> str:
        """Sends `message` as it will arrive; returns the provider's id for it."""
        return self.deliver(prepare(message, self.sender))

    def deliver(self, message: TextMessage) -> str:
        """Hands a prepared message to the provider (subclasses)."""
        raise NotImplementedError


def as_text(message: TextMessage) -> str:
    """A prepared message as a person reads it, with what it costs: console and file."""
    encoding, parts = segments(message.body)
    lines = [
        f"From: {message.sender}",
        f"To: {message.to}",
        f"Reference: {message.reference or '-'}",
        f"Segments: {parts} ({encoding}, {len(message.body)} characters)",
        "",
        message.body,
    ]
    return "\n".join(lines) + "\n"
