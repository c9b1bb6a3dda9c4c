"""Sends SMS through Brevo (Sendinblue), a French provider with its data in the EU.

Through Brevo's own client library (brevo-python), with its retries off: the outbox
decides when to try again, and a retry inside the library could deliver twice and hold
the worker meanwhile. How each answer maps to our errors: docs/sms.md.
"""

import logging

import httpx
from brevo import Brevo
from brevo.core.api_error import ApiError
from brevo.core.parse_error import ParsingError
from django.conf import settings
from django.utils.translation import gettext as _

from core.sms.backends.base import BaseSmsBackend
from core.sms.message import PermanentSmsError, TemporarySmsError, TextMessage
from core.sms.text import UCS2, segments

logger = logging.getLogger(__name__)

# Words of a 400 answer that blame the number rather than our text or sender.
NUMBER_WORDS = ("recipient", "mobile", "phone", "number")


class SmsBackend(BaseSmsBackend):
    def __init__(
        self,
        api_key: str | None = None,
        sender: str | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
    ) -> None:
        super().__init__(sender)
        self.api_key = api_key or settings.BREVO_API_KEY
        self.client = Brevo(
            api_key=self.api_key,
            base_url=base_url or settings.BREVO_API_URL or None,
            timeout=timeout or settings.SMS_TIMEOUT,
            max_retries=0,
        )

    def deliver(self, message: TextMessage) -> str:
        if not self.api_key:
            raise TemporarySmsError(
                _("servizio SMS non configurato: avvisa l'amministratore (BREVO_API_KEY)")
            )
        options: dict[str, object] = {}
        if message.reference:
            # Brevo's reports and webhooks name the message by this tag.
            options["tag"] = message.reference
        try:
            sent = self.client.transactional_sms.send_async_transactional_sms(
                # Brevo's examples write the number without its "+".
                recipient=message.to.removeprefix("+"),
                sender=message.sender,
                content=message.body,
                type="transactional",
                unicode_enabled=segments(message.body).encoding == UCS2,
                request_options={"max_retries": 0},
                **options,
            )
        except httpx.TimeoutException as error:
            raise TemporarySmsError(
                _("il servizio SMS non ha risposto in tempo: nuovo tentativo automatico"),
                repr(error),
                maybe_sent=not isinstance(error, httpx.ConnectTimeout),
            ) from error
        except httpx.TransportError as error:
            raise TemporarySmsError(
                _("servizio SMS non raggiungibile: nuovo tentativo automatico"),
                repr(error),
                maybe_sent=not isinstance(error, httpx.ConnectError),
            ) from error
        except (ApiError, ParsingError) as error:
            return self.refused(message, error.status_code or 0, error.body)
        return str(sent.message_id)

    def refused(self, message: TextMessage, status: int, body: object) -> str:
        """Turns Brevo's answer other than "sent" into our errors (docs/sms.md)."""
        code, said = "", str(body)
        if isinstance(body, dict):
            code, said = str(body.get("code", "")), str(body.get("message", body))
        detail = f"HTTP {status} {code}: {said}".strip()
        if 200 <= status < 300:
            # Taken, with an answer we cannot read: sending it again would send it twice.
            logger.warning("Brevo took SMS %s with an unreadable answer", message.reference)
            return ""
        if status in (400, 422):
            lowered = said.lower()
            if "sender" in lowered:
                raise TemporarySmsError(
                    _("mittente SMS non accettato: avvisa l'amministratore (SMS_SENDER)"), detail
                )
            if any(word in lowered for word in NUMBER_WORDS):
                raise PermanentSmsError(
                    _("numero inesistente o non raggiungibile via SMS: correggilo e rinvia"),
                    detail,
                )
            raise PermanentSmsError(
                _("SMS rifiutato dal servizio: controlla numero e testo, poi rinvia"), detail
            )
        if status == 402:
            raise TemporarySmsError(
                _("credito SMS esaurito: avvisa l'amministratore, l'SMS partirà dopo la ricarica"),
                detail,
            )
        if status in (401, 403):
            raise TemporarySmsError(
                _("servizio SMS non autorizzato: avvisa l'amministratore (chiave API o IP)"),
                detail,
            )
        if status in (408, 425, 429):
            raise TemporarySmsError(_("servizio SMS occupato: nuovo tentativo automatico"), detail)
        if status >= 500:
            raise TemporarySmsError(
                _("servizio SMS momentaneamente non disponibile: nuovo tentativo automatico"),
                detail,
                maybe_sent=True,
            )
        raise TemporarySmsError(
            _("richiesta non accettata dal servizio SMS: avvisa l'amministratore"), detail
        )
