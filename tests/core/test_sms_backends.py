"""The development and test backends, the checks every backend makes before sending,
and the system check that tells production its SMS cannot leave."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core import sms
from core.sms import PermanentSmsError, TextMessage, get_backend
from core.sms.checks import provider_configured

ROOT = Path(__file__).resolve().parents[2]
# Longer than one UCS-2 segment (70) because of its typographic apostrophe: it is sent
# fitted to GSM-7, in one segment.
TEXT = "AMALav Seveso: l’incontro 6 è spostato a giovedì 12 marzo alle 18:30, in via Roma 1."
FITTED = "AMALav Seveso: l'incontro 6 è spostato a giovedì 12 marzo alle 18:30, in via Roma 1."


def test_the_console_shows_the_sms_as_it_will_arrive():
    stream = io.StringIO()
    backend = get_backend("core.sms.backends.console.SmsBackend", stream=stream)
    provider_id = backend.send(TextMessage(to="348 123 4567", body=TEXT, reference="msg-7"))
    printed = stream.getvalue()
    assert provider_id.startswith("console-")
    assert "From: AMALav\nTo: +393481234567\nReference: msg-7\n" in printed
    assert f"Segments: 1 (GSM-7, {len(FITTED)} characters)\n\n{FITTED}\n" in printed


def test_the_locmem_backend_keeps_what_it_sent_for_the_test(sms_outbox):
    provider_id = get_backend().send(TextMessage(to="+393481234567", body=TEXT, reference="a"))
    assert provider_id == "locmem-1"
    assert sms_outbox == [
        TextMessage(
            to="+393481234567",
            body=FITTED,
            reference="a",
            sender="AMALav",
        )
    ]


def test_each_test_starts_with_an_empty_sms_outbox(sms_outbox):
    assert sms_outbox == [] and sms.outbox is sms_outbox
    get_backend().send(TextMessage(to="+393481234567", body=TEXT))
    assert len(sms.outbox) == 1


def test_the_file_backend_writes_one_file_per_message(settings, tmp_path):
    settings.SMS_FILE_PATH = str(tmp_path / "sms")
    backend = get_backend("core.sms.backends.filebased.SmsBackend")
    first = backend.send(TextMessage(to="+393481234567", body=TEXT, reference="msg-1"))
    second = backend.send(TextMessage(to="+393401234567", body="Ciao", reference="msg-2"))
    files = sorted((tmp_path / "sms").iterdir())
    assert {path.stem for path in files} == {first, second}
    contents = "".join(path.read_text(encoding="utf-8") for path in files)
    assert "To: +393481234567" in contents and "To: +393401234567" in contents
    assert "Reference: msg-2" in contents and "\nCiao\n" in contents


def test_the_file_backend_refuses_a_file_for_a_folder(settings, tmp_path):
    (tmp_path / "taken").write_text("")
    settings.SMS_FILE_PATH = str(tmp_path / "taken")
    with pytest.raises(Exception, match="is not a folder"):
        get_backend("core.sms.backends.filebased.SmsBackend")


@pytest.mark.parametrize(
    ("number", "explanation"),
    [
        (
            "039 230 1234",
            "il numero non è un cellulare e non riceve SMS: telefona o correggi il numero",
        ),
        ("12", "numero di cellulare non valido: correggilo e rinvia"),
        ("chiamami", "numero di cellulare non valido: correggilo e rinvia"),
        ("+39 348 12", "numero di cellulare non valido: correggilo e rinvia"),
    ],
    ids=["landline", "too-short", "no-number", "truncated"],
)
def test_a_number_that_cannot_receive_sms_is_refused_for_good(sms_outbox, number, explanation):
    with pytest.raises(PermanentSmsError) as refused:
        get_backend().send(TextMessage(to=number, body=TEXT))
    assert refused.value.explanation == explanation
    assert sms_outbox == []


def test_a_foreign_mobile_number_with_its_country_code_is_sent(sms_outbox):
    get_backend().send(TextMessage(to="+40 721 234 567", body=TEXT))
    assert sms_outbox[0].to == "+40721234567"


def test_a_text_longer_than_two_segments_is_refused_for_good(sms_outbox):
    with pytest.raises(PermanentSmsError) as refused:
        get_backend().send(TextMessage(to="+393481234567", body="parola " * 50))
    assert refused.value.explanation == (
        "testo troppo lungo per un SMS (3 parti, al massimo 2): accorcialo"
    )
    assert sms_outbox == []


def test_an_empty_text_is_refused_for_good(sms_outbox):
    with pytest.raises(PermanentSmsError, match="SMS senza testo"):
        get_backend().send(TextMessage(to="+393481234567", body="  \n"))


def test_production_with_brevo_but_no_key_gets_a_warning(settings):
    settings.DEBUG = False
    settings.SMS_BACKEND = "core.sms.backends.brevo.SmsBackend"
    settings.BREVO_API_KEY = ""
    assert [warning.id for warning in provider_configured(None)] == ["sms.W001"]
    settings.BREVO_API_KEY = "xkeysib-set"
    assert provider_configured(None) == []


def test_a_sender_networks_would_refuse_gets_a_warning(settings):
    settings.SMS_SENDER = "AMALav Monza"  # a space, and twelve characters
    assert [warning.id for warning in provider_configured(None)] == ["sms.W002"]
    settings.SMS_SENDER = "393483906759"
    assert provider_configured(None) == []


@pytest.mark.parametrize(
    ("debug", "backend"),
    [
        ("true", "core.sms.backends.console.SmsBackend"),
        ("false", "core.sms.backends.brevo.SmsBackend"),
    ],
    ids=["development", "production"],
)
def test_sms_go_to_the_console_in_development_and_to_brevo_in_production(debug, backend):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMS_", "BREVO_"))}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.SMS_BACKEND)",
        ],
        cwd=ROOT,
        env={**env, "DEBUG": debug, "DJANGO_SETTINGS_MODULE": "amalav.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == backend, result.stderr
