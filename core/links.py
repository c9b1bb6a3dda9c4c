"""Short signed links for messages: "/l/<code>/" fits a text message and a line of email.

A code carries what the link is for (a letter), the numbers it names and the day it was
made, and a signature truncated to 48 bits; altering any of it, or guessing one, fails.
Whether a link still holds (the person still in the group, the meeting still ahead)
is decided by the view that serves it, from the data, not from the code.
"""

import base64
import datetime
import re

from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "core.links"
CODE = re.compile(r"^([a-z])((?:[0-9a-z]+\.)*[0-9a-z]+)~([0-9a-z]+)~([A-Za-z0-9_-]{8})$")
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
EPOCH = datetime.date(2020, 1, 1)


class BadLink(ValueError):
    """The code was altered, truncated or made up."""


def base36(number: int) -> str:
    digits = ""
    while True:
        number, rest = divmod(number, 36)
        digits = DIGITS[rest] + digits
        if not number:
            return digits


def signature(payload: str) -> str:
    digest = salted_hmac(SALT, payload, algorithm="sha256").digest()[:6]
    return base64.urlsafe_b64encode(digest).decode()


def make(kind: str, *numbers: int, day: datetime.date | None = None) -> str:
    """The code of a link of `kind` (one lower-case letter) naming `numbers`."""
    issued = ((day or timezone.localdate()) - EPOCH).days
    payload = f"{kind}{'.'.join(base36(n) for n in numbers)}~{base36(max(issued, 0))}"
    return f"{payload}~{signature(payload)}"


def read(code: str) -> tuple[str, list[int], datetime.date]:
    """What a code says: its kind, its numbers and the day it was made."""
    match = CODE.match(code)
    if match is None:
        raise BadLink(code)
    kind, numbers, issued, signed = match.groups()
    payload = f"{kind}{numbers}~{issued}"
    if not constant_time_compare(signature(payload), signed):
        raise BadLink(code)
    day = EPOCH + datetime.timedelta(days=int(issued, 36))
    return kind, [int(number, 36) for number in numbers.split(".")], day
