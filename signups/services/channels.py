"""One message to one person, by the channel that reaches them: email, SMS, or a call.

Every message a person gets goes through `tell`: what it says lives in templates
(emails/<kind>-*.txt/.html for email, texts/<kind>.txt for an SMS and for the words a
coordinator reads out on the phone), who gets it how lives in
SignupRequest.message_channels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from core import emails, outbox, phones
from core.context_processors import site
from core.models import Message
from groups.models import Group
from signups.models import SentMessage, SignupRequest
from signups.services.links import stop_reminders_url

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

Channel = Message.Channel


def reply_to(group: Group | None) -> list[str]:
    """Answers go to the people who run the group, never to a no-reply address."""
    if group is not None:
        coordinators = list(
            group.coordinators.exclude(email="").order_by("pk").values_list("email", flat=True)
        )
        if coordinators:
            return coordinators
    return [settings.COORDINATION_EMAIL]


def unsubscribe_headers(person: SignupRequest) -> dict[str, str]:
    """RFC 2369 and 8058: mail programs offer "unsubscribe", a one-click POST stops them;
    RFC 2919's List-Id names the list (a list header without it looks like spam)."""
    subject = f"stop promemoria {person.pk}"
    return {
        "List-Id": f"Promemoria e avvisi AMALav <promemoria.{emails.site_domain()}>",
        "List-Unsubscribe": (
            f"<{stop_reminders_url(person)}>, "
            f"<mailto:{settings.COORDINATION_EMAIL}?subject={subject.replace(' ', '%20')}>"
        ),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def text(kind: str, context: dict) -> str:
    """The short text of message `kind`: an SMS, or what a coordinator reads out."""
    words = render_to_string(f"texts/{kind}.txt", {**site(None), **context})
    return " ".join(words.split())


def tell(
    person: SignupRequest,
    kind: str,
    context: dict,
    *,
    attachments: dict[str, tuple[bytes, str]] | None = None,
    unsubscribe: bool = False,
) -> list[str]:
    """Queues message `kind` to the person on each of their channels; returns them."""
    context = {"signup": person, "group": person.group, **context}
    channels = person.message_channels()
    for channel in channels:
        if channel == Channel.EMAIL:
            message = emails.queue(
                kind,
                person.email,
                context,
                reply_to=reply_to(person.group),
                attachments=attachments,
                headers=unsubscribe_headers(person) if unsubscribe else None,
            )
        elif channel == Channel.SMS:
            mobile = phones.parse(person.phone).as_e164
            message = outbox.queue_text(kind, mobile, text(kind, context))
        else:
            # The coordinator reads the same words, without the links, on the phone.
            spoken = {key: value for key, value in context.items() if not key.endswith("_url")}
            message = outbox.queue(
                channel=Channel.CALL,
                kind=kind,
                to=str(person.phone),
                subject=str(person),
                body=text(kind, {**spoken, "spoken": True}),
            )
        SentMessage.objects.create(signup=person, message=message)
    return channels


def tell_coordinators(signup: SignupRequest, kind: str, context: dict) -> None:
    """A notice about a request to each of its group's coordinators (or the coordination),
    one message each, so that they do not see one another's addresses."""
    group = signup.group
    coordinators = [user.email for user in group.coordinators.all() if user.email] if group else []
    for recipient in coordinators or [settings.COORDINATION_EMAIL]:
        message = emails.queue(kind, recipient, context)
        SentMessage.objects.create(
            signup=signup, message=message, role=SentMessage.Role.COORDINATOR
        )


@transaction.atomic
def resend(sent: SentMessage, to: str, by: AbstractUser) -> None:
    """Sends a failed message again; a corrected address is also kept on the request."""
    person, message = sent.signup, sent.message
    if sent.role == SentMessage.Role.PERSON and to != message.to:
        if message.channel == Channel.EMAIL:
            person.email = to
        else:
            person.phone = to
        person.note_handling(by)
        person.save(update_fields=["email", "phone", "handled_by", "handled_at"])
    outbox.requeue(message, to=to)


def mark_called(message: Message, by: AbstractUser) -> None:
    """A call on the list was made: it leaves the list, with who made it and when."""
    Message.objects.filter(pk=message.pk, channel=Channel.CALL, status__in=Message.WAITING).update(
        status=Message.Status.SENT, sent_at=timezone.now(), done_by=by
    )
