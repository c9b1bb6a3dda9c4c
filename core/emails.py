"""Email built from templates: emails/<name>-subject.txt, -body.txt and -body.html."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from core.context_processors import site


def send(name: str, to: list[str], context: dict) -> None:
    context = {**site(None), **context}
    subject = render_to_string(f"emails/{name}-subject.txt", context)
    # A newline in a subject is a header injection; templates end with one.
    subject = " ".join(subject.split())
    text = render_to_string(f"emails/{name}-body.txt", context)
    html = render_to_string(f"emails/{name}-body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    message.send()
