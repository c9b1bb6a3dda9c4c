"""Every kind of email we send passes SpamAssassin's local rules (no network tests)."""

import datetime
import mailbox
import os
import re
import shutil
import subprocess
from email.header import decode_header, make_header

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from amalav.accounts import send_password_resets
from core.models import Message
from groups.services import invite_coordinator
from meetings.services import cancel_meeting
from signups import services
from tests.forms import valid_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def spamassassin() -> str:
    found = shutil.which("spamassassin")
    if found is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("CI must score the emails, but spamassassin is missing")
        pytest.skip("spamassassin is missing: apt-get install spamassassin (.ci/run does)")
    return found


def every_kind_of_email(client, planned_group, make_signup, delivered) -> list:
    get_user_model().objects.create_user("giulia", "giulia@coopaeris.example", "pw", is_staff=True)
    client.post(reverse("signups:signup"), valid_data(planned_group))
    person = make_signup(planned_group, status="accettata", accepted_at=timezone.now())
    services.welcome(person)
    waiting = make_signup(planned_group, status="attesa", email="in.attesa@example.org")
    services.offer_place(waiting, None)
    soon = planned_group.meetings.upcoming().first()
    services.send_reminders(now=soon.starts_at - datetime.timedelta(days=1))
    cancel_meeting(soon, "La sala è chiusa per lavori.", None)
    invite_coordinator(
        "Marco", "Bianchi", "marco@coopaeris.example", [planned_group], "https://amalav.example.it"
    )
    client.post(reverse("admin_password_reset"), {"email": "giulia@coopaeris.example"})
    send_password_resets()
    return delivered()


def test_every_kind_of_email_scores_zero_or_below(
    client, planned_group, make_signup, delivered, settings, tmp_path, spamassassin, capsys
):
    settings.SITE_URL = "https://amalav.example.it"
    messages = every_kind_of_email(client, planned_group, make_signup, delivered)
    assert set(Message.objects.values_list("kind", flat=True)) == {
        "signup-confirmation",
        "signup-notice",
        "welcome",
        "place-offer",
        "reminder",
        "schedule-change",
        "coordinator-invitation",
        "password-reset",
    }
    box = mailbox.mbox(tmp_path / "sent.mbox")
    for message in messages:
        box.add(message.message().as_bytes())
    box.close()
    scored = subprocess.run(  # noqa: S603 - the program found on PATH, our own file
        [spamassassin, "-L", "-t", "--mbox"],
        stdin=(tmp_path / "sent.mbox").open("rb"),
        capture_output=True,
        text=True,
        timeout=600,
    ).stdout
    # Each scored message comes back with its own headers: read them as messages.
    scored_box = tmp_path / "scored.mbox"
    scored_box.write_text(scored)
    statuses = []
    for message in mailbox.mbox(scored_box):
        status = " ".join(message["X-Spam-Status"].split())
        score = float(re.search(r"score=(-?[\d.]+)", status).group(1))
        tests = re.search(r"tests=(.*?) autolearn", status).group(1).replace(" ", "")
        statuses.append((score, tests))
        subject = str(make_header(decode_header(message["Subject"])))
        with capsys.disabled():
            print(f"\n[spam] {score:+.1f} {subject}: {tests}")
    assert len(statuses) == len(messages)
    assert all(score <= 0 for score, _tests in statuses)
