"""One text message, the errors a backend raises, and the checks every backend makes."""

from dataclasses import dataclass, replace

import phonenumbers
from django.conf import settings
from django.utils.translation import gettext as _

from core.sms.text import segments, sms_text


@dataclass(frozen=True)
class TextMessage:
    """An SMS to one mobile number; `reference` is the outbox's name for it."""

    to: str
    body: str
    reference: str = ""
    # Empty: SMS_SENDER, the alias registered for the cooperative.
    sender: str = ""


class SmsError(Exception):
    """A message not sent. `explanation` tells coordinators, in Italian, what to do;
    `detail` keeps the provider's own words for the log."""

    def __init__(self, explanation: str, detail: str = "") -> None:
        super().__init__(explanation)
        self.explanation = explanation
        self.detail = detail


class TemporarySmsError(SmsError):
    """Worth sending again unchanged: the network, the provider or our account recovers.

    `maybe_sent` is true when the provider may have taken the message before the error
    (a reply lost to a timeout, a 5xx): sending it again may deliver it twice.
    """

    def __init__(self, explanation: str, detail: str = "", *, maybe_sent: bool = False) -> None:
        super().__init__(explanation, detail)
        self.maybe_sent = maybe_sent


class PermanentSmsError(SmsError):
    """Sending the same message again fails again: the number or the text must change."""


SENDABLE_TYPES = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)


def mobile_number(number: str) -> str:
    """`number` in E.164 ("+393481234567"), Italian unless it has a country code.

    Refused here, before any cost: what is no number, and a landline, which cannot
    receive an SMS (that person belongs on the call list).
    """
    try:
        parsed = phonenumbers.parse(number, "IT")
    except phonenumbers.NumberParseException as error:
        raise PermanentSmsError(
            _("numero di cellulare non valido: correggilo e rinvia"), str(error)
        ) from error
    if not phonenumbers.is_valid_number(parsed):
        raise PermanentSmsError(_("numero di cellulare non valido: correggilo e rinvia"))
    if phonenumbers.number_type(parsed) not in SENDABLE_TYPES:
        raise PermanentSmsError(
            _("il numero non è un cellulare e non riceve SMS: telefona o correggi il numero")
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def prepare(message: TextMessage, sender: str) -> TextMessage:
    """The message as it will arrive: number in E.164, text fitted, sender set."""
    body = sms_text(message.body.strip())
    if not body:
        raise PermanentSmsError(_("SMS senza testo: scrivilo e rinvia"))
    parts = segments(body).parts
    if parts > settings.SMS_MAX_SEGMENTS:
        raise PermanentSmsError(
            _("testo troppo lungo per un SMS (%(parts)d parti, al massimo %(most)d): accorcialo")
            % {"parts": parts, "most": settings.SMS_MAX_SEGMENTS}
        )
    return replace(
        message, to=mobile_number(message.to), body=body, sender=message.sender or sender
    )
