"""What the requests and the participants lists share: contact links, places, emails."""

from collections import Counter

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core import phones
from groups.models import Group
from signups.models import PlaceOffer, SignupRequest


@admin.display(description=_("telefono"), ordering="phone")
def phone_link(signup: SignupRequest) -> str:
    """The number as people write it, a tap away from a call."""
    if not signup.phone:
        return "-"
    return format_html(
        '<a href="{}">{}</a>', phones.tel_href(signup.phone), phones.for_people(signup.phone)
    )


def mailto_link(address: str, label: str | None = None) -> str:
    if not address:
        return "-"
    return format_html('<a href="mailto:{}">{}</a>', address, label or address)


@admin.display(description=_("email"), ordering="email")
def email_link(signup: SignupRequest) -> str:
    return mailto_link(signup.email)


def places_text(group: Group, accepted: int) -> str:
    """ "3 liberi su 10", or how far beyond capacity the group is."""
    if group.capacity is None:
        return ngettext(
            "%(accepted)d accettata, posti non limitati",
            "%(accepted)d accettate, posti non limitati",
            accepted,
        ) % {"accepted": accepted}
    free = group.capacity - accepted
    if free < 0:
        return ngettext(
            "nessuno: %(over)d oltre l'unico posto",
            "nessuno: %(over)d oltre i %(capacity)d posti",
            group.capacity,
        ) % {"over": -free, "capacity": group.capacity}
    return ngettext("%(free)d libero su %(capacity)d", "%(free)d liberi su %(capacity)d", free) % {
        "free": free,
        "capacity": group.capacity,
    }


def channel_summary(what: str, channels: Counter[str]) -> str:
    """ "<what>: 2 per email, 1 per SMS. 1 persona da chiamare (...)"."""
    ways = []
    if channels["email"]:
        ways.append(gettext("%(n)d per email") % {"n": channels["email"]})
    if channels["sms"]:
        ways.append(gettext("%(n)d per SMS") % {"n": channels["sms"]})
    text = f"{what}: {', '.join(ways)}." if ways else ""
    calls = channels["telefonata"]
    if calls:
        text += " " + ngettext(
            "%(n)d persona da chiamare: è nella pagina iniziale, con le parole da dirle.",
            "%(n)d persone da chiamare: sono nella pagina iniziale, con le parole da dire.",
            calls,
        ) % {"n": calls}
    return text.strip() or gettext("Nessuno da avvisare.")


def welcome_summary(channels: Counter[str]) -> str:
    return channel_summary(gettext("Benvenuto in partenza"), channels)


def offered_text(offers: list[PlaceOffer]) -> str:
    """Who was offered a freed place from the waiting list."""
    names = ", ".join(str(offer.signup) for offer in offers)
    return ngettext(
        "Lista d'attesa: posto offerto a %(names)s, con 72 ore per rispondere.",
        "Lista d'attesa: posti offerti a %(names)s, con 72 ore per rispondere.",
        len(offers),
    ) % {"names": names}
