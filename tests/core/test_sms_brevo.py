"""The Brevo backend against a local fake of Brevo's API: what it sends, and how each
answer becomes a message sent, one to try again, or one a coordinator must fix."""

import socket
from collections.abc import Iterator

import pytest

from core.sms import PermanentSmsError, TemporarySmsError, TextMessage, get_backend
from tests.core.brevo_fake import API_KEY, FakeBrevo, serve

BREVO = "core.sms.backends.brevo.SmsBackend"


@pytest.fixture
def brevo(settings) -> Iterator[FakeBrevo]:
    fake = FakeBrevo()
    server = serve(fake)
    settings.SMS_BACKEND = BREVO
    settings.BREVO_API_KEY = API_KEY
    settings.BREVO_API_URL = fake.url
    settings.SMS_SENDER = "AMALav"
    yield fake
    fake.released.set()
    server.shutdown()
    server.server_close()


def reminder(to: str = "+393481234567", body: str = "") -> TextMessage:
    return TextMessage(
        to=to,
        body=body or "AMALav Seveso: incontro 6 giovedì 12 marzo alle 18:00, via Roma 1.",
        reference="msg-42",
    )


def test_a_sent_sms_reaches_brevo_with_number_text_and_sender(brevo):
    provider_id = get_backend().send(
        reminder(
            to="348 123 4567",
            body="È cambiato l’orario dell’incontro 6 di AMALav Seveso: "
            "giovedì 12 marzo alle 18:30, via Roma 1, Seveso. Non puoi venire? Rispondi al link.",
        )
    )
    assert provider_id == str(brevo.next_id)
    [request] = brevo.received
    assert request.path == "/v3/transactionalSMS/send"
    assert request.headers["api-key"] == API_KEY
    assert request.body["recipient"] == "393481234567"
    assert request.body["sender"] == "AMALav"
    # Fitted to GSM-7, as it then takes one segment instead of two.
    assert request.body["content"].startswith("E' cambiato l'orario dell'incontro 6")
    assert request.body["unicodeEnabled"] is False
    assert request.body["type"] == "transactional"
    assert request.body["tag"] == "msg-42"


def test_a_text_gsm7_cannot_carry_is_sent_as_unicode(brevo):
    get_backend().send(reminder(body="Ciao Андрій, ci vediamo giovedì alle 18."))
    assert brevo.received[0].body["unicodeEnabled"] is True
    assert "Андрій" in brevo.received[0].body["content"]


def test_a_refused_number_is_final_with_an_italian_explanation(brevo):
    brevo.unknown_numbers.add("393400000000")
    with pytest.raises(PermanentSmsError) as refused:
        get_backend().send(reminder(to="+393400000000"))
    assert refused.value.explanation == (
        "numero inesistente o non raggiungibile via SMS: correggilo e rinvia"
    )
    assert "cannot receive SMS" in refused.value.detail
    assert len(brevo.received) == 1


def test_a_landline_is_refused_before_anything_is_paid_for(brevo):
    with pytest.raises(PermanentSmsError) as refused:
        get_backend().send(reminder(to="039 230 1234"))
    assert "non è un cellulare" in refused.value.explanation
    assert brevo.received == []


@pytest.mark.parametrize(
    ("status", "body", "explanation", "maybe_sent"),
    [
        (500, {"code": "internal_error", "message": "Internal error"}, "momentaneamente", True),
        (502, "<html><body>Bad gateway</body></html>", "momentaneamente", True),
        (503, {"code": "unavailable", "message": "Try later"}, "momentaneamente", True),
        (429, {"code": "too_many_requests", "message": "Rate limited"}, "occupato", False),
        (402, {"code": "not_enough_credits", "message": "Not enough credits"}, "credito", False),
        (403, {"code": "permission_denied", "message": "Account under validation"}, "API", False),
    ],
    ids=["500", "502-html", "503", "429", "402-out-of-credit", "403"],
)
def test_a_provider_error_is_retried_later_by_the_outbox_not_by_the_library(
    brevo, status, body, explanation, maybe_sent
):
    brevo.answers.append((status, body))
    with pytest.raises(TemporarySmsError) as temporary:
        get_backend().send(reminder())
    assert explanation in temporary.value.explanation
    assert temporary.value.maybe_sent is maybe_sent
    assert str(status) in temporary.value.detail
    # One request: brevo-python would otherwise retry 5xx and 429 itself, and sleep.
    assert len(brevo.received) == 1


def test_the_next_attempt_after_a_provider_error_is_sent(brevo):
    brevo.answers.append((503, {"code": "unavailable", "message": "Try later"}))
    backend = get_backend()
    with pytest.raises(TemporarySmsError):
        backend.send(reminder())
    assert backend.send(reminder()) == str(brevo.next_id)
    assert len(brevo.received) == 2


def test_a_provider_that_does_not_answer_in_time_is_retried_and_may_have_sent(brevo):
    brevo.hanging = True
    with pytest.raises(TemporarySmsError) as temporary:
        get_backend(timeout=0.5).send(reminder())
    assert "non ha risposto in tempo" in temporary.value.explanation
    assert temporary.value.maybe_sent is True
    assert len(brevo.received) == 1


def test_a_provider_out_of_reach_is_retried_and_sent_nothing(settings):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.BREVO_API_URL = f"http://127.0.0.1:{port}/v3"
    settings.BREVO_API_KEY = API_KEY
    with pytest.raises(TemporarySmsError) as temporary:
        get_backend(BREVO).send(reminder())
    assert "non raggiungibile" in temporary.value.explanation
    assert temporary.value.maybe_sent is False


def test_a_wrong_key_waits_for_the_administrator(brevo):
    with pytest.raises(TemporarySmsError) as temporary:
        get_backend(api_key="xkeysib-revoked").send(reminder())
    assert "non autorizzato" in temporary.value.explanation
    assert "Key not found" in temporary.value.detail


def test_without_a_key_nothing_leaves(brevo, settings):
    settings.BREVO_API_KEY = ""
    with pytest.raises(TemporarySmsError) as temporary:
        get_backend().send(reminder())
    assert "BREVO_API_KEY" in temporary.value.explanation
    assert brevo.received == []


def test_a_sender_brevo_refuses_waits_for_the_administrator(brevo):
    brevo.answers.append((400, {"code": "invalid_parameter", "message": "Invalid sender name"}))
    with pytest.raises(TemporarySmsError) as temporary:
        get_backend().send(reminder())
    assert "SMS_SENDER" in temporary.value.explanation


def test_any_other_refusal_of_the_message_is_final(brevo):
    brevo.answers.append((400, {"code": "invalid_parameter", "message": "content is invalid"}))
    with pytest.raises(PermanentSmsError) as refused:
        get_backend().send(reminder())
    assert refused.value.explanation == (
        "SMS rifiutato dal servizio: controlla numero e testo, poi rinvia"
    )


def test_the_real_provider_is_brevos_own_address_unless_told_otherwise(settings):
    settings.BREVO_API_URL = ""
    backend = get_backend(BREVO, api_key=API_KEY)
    assert backend.client._client_wrapper.get_base_url() == "https://api.brevo.com/v3"
