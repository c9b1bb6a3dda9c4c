"""Prints each SMS as it would arrive: the default with DEBUG on."""

import sys
import threading
import uuid
from typing import TextIO

from core.sms.backends.base import BaseSmsBackend, as_text
from core.sms.message import TextMessage


class SmsBackend(BaseSmsBackend):
    def __init__(self, stream: TextIO | None = None, sender: str | None = None) -> None:
        super().__init__(sender)
        self.stream = stream or sys.stdout
        self._lock = threading.Lock()

    def deliver(self, message: TextMessage) -> str:
        with self._lock:
            self.stream.write(as_text(message) + "-" * 79 + "\n")
            self.stream.flush()
        return f"console-{uuid.uuid4().hex}"
