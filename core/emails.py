"""Email built from templates (emails/<name>-subject.txt, -body.txt, -body.html) and queued
in the outbox (core.outbox), delivered later by `manage.py jobs`, never during a request."""

from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string

from core import outbox
from core.context_processors import site
from core.models import Message


def render(name: str, context: dict) -> tuple[str, str, str]:
    """The subject, plain text and HTML of the message `name` for `context`."""
    context = {**site(None), **context}
    subject = render_to_string(f"emails/{name}-subject.txt", context)
    # A newline in a subject is a header injection; templates end with one.
    subject = " ".join(subject.split())
    body = render_to_string(f"emails/{name}-body.txt", context)
    html = render_to_string(f"emails/{name}-body.html", context)
    return subject, body, html


def site_domain() -> str:
    """The site's own host name, for Message-IDs: mailbox providers distrust "localhost"."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def queue(
    name: str,
    to: str,
    context: dict,
    reply_to: list[str] | None = None,
    attachments: dict[str, tuple[bytes, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Message:
    """Queues one message for one recipient; `attachments` maps file names to (content, type).

    Every message says it was sent by a machine (RFC 3834), so auto-responders stay quiet;
    its Message-ID is fixed now, so a message sent twice after a crash is one to the
    receiving servers.
    """
    subject, body, html = render(name, context)
    return outbox.queue(
        channel=Message.Channel.EMAIL,
        kind=name,
        to=to,
        subject=subject,
        body=body,
        html=html,
        headers={
            "Reply-To": ", ".join(reply_to or [settings.COORDINATION_EMAIL]),
            "Auto-Submitted": "auto-generated",
            **(headers or {}),
        },
        attachments=attachments,
        message_id=make_msgid(domain=site_domain()),
    )
