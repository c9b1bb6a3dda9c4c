"""Writes each SMS to a file of its own in SMS_FILE_PATH."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from core.sms.backends.base import BaseSmsBackend, as_text
from core.sms.message import TextMessage


class SmsBackend(BaseSmsBackend):
    def __init__(self, file_path: str | Path | None = None, sender: str | None = None) -> None:
        super().__init__(sender)
        self.file_path = Path(file_path or settings.SMS_FILE_PATH)
        if self.file_path.exists() and not self.file_path.is_dir():
            raise ImproperlyConfigured(f"SMS_FILE_PATH {self.file_path} is not a folder.")
        self.file_path.mkdir(parents=True, exist_ok=True)

    def deliver(self, message: TextMessage) -> str:
        # Sorted by time in a listing; the random tail keeps two in one second apart.
        name = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:12]}"
        (self.file_path / f"{name}.txt").write_text(as_text(message), encoding="utf-8")
        return name
