"""schema.org Event data for search engines and assistants."""

import json

from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from meetings.models import Meeting

EVENT_STATUS = {
    Meeting.Status.SCHEDULED: "https://schema.org/EventScheduled",
    Meeting.Status.MOVED: "https://schema.org/EventRescheduled",
    Meeting.Status.CANCELLED: "https://schema.org/EventCancelled",
}

# Keeps "</script>" and friends inside the JSON from ending the script element.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def event(request: HttpRequest, meeting: Meeting) -> dict:
    """An Event with every property Google's event rich results require or recommend."""
    group = meeting.group
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.title,
        "description": group.description
        or _(
            "Incontro gratuito del gruppo di auto mutuo aiuto %(group)s a %(town)s: "
            "ci si incontra ogni due settimane, per circa due ore."
        )
        % {"group": group.name, "town": group.town},
        "startDate": timezone.localtime(meeting.starts_at).isoformat(),
        "endDate": timezone.localtime(meeting.ends_at).isoformat(),
        "eventStatus": EVENT_STATUS[meeting.status],
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": True,
        "url": request.build_absolute_uri(meeting.get_absolute_url()),
        "image": [request.build_absolute_uri(static("img/og-image.png"))],
        "location": location(meeting),
        "organizer": {
            "@type": "Organization",
            "name": "AMALav - Cooperativa Sociale Aeris",
            "url": request.build_absolute_uri(reverse("home")),
        },
        "offers": {
            "@type": "Offer",
            "price": 0,
            "priceCurrency": "EUR",
            "availability": "https://schema.org/InStock"
            if group.accepts_signups
            else "https://schema.org/SoldOut",
            "url": request.build_absolute_uri(reverse("signups:signup-group", args=[group.slug])),
        },
    }
    if meeting.moved_from:
        data["previousStartDate"] = timezone.localtime(meeting.moved_from).isoformat()
    return data


def location(meeting: Meeting) -> dict:
    """The venue; without one, the town, which is all a group without a venue yet knows."""
    place = meeting.place
    address = {
        "@type": "PostalAddress",
        "addressLocality": place.town if place else meeting.group.town,
        "addressRegion": "MB",
        "addressCountry": "IT",
    }
    if place is not None and place.address:
        address["streetAddress"] = place.address
    return {
        "@type": "Place",
        "name": place.name if place else meeting.group.town,
        "address": address,
    }


def meetings_jsonld(request: HttpRequest, meetings: list[Meeting]) -> SafeString:
    if not meetings:
        return SafeString("")
    payload = json.dumps([event(request, m) for m in meetings], ensure_ascii=False)
    # Safe: the escapes above are those of Django's json_script, which only knows JSON's type.
    escaped = SafeString(payload.translate(_ESCAPES))  # nosec
    return format_html('<script type="application/ld+json">{}</script>', escaped)
