"""schema.org Event data for search engines and assistants."""

import json

from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from meetings.models import Meeting

EVENT_STATUS = {
    Meeting.Status.SCHEDULED: "https://schema.org/EventScheduled",
    Meeting.Status.MOVED: "https://schema.org/EventRescheduled",
    Meeting.Status.CANCELLED: "https://schema.org/EventCancelled",
}

# Keeps "</script>" and friends inside the JSON from ending the script element.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def event(request: HttpRequest, meeting: Meeting) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.title,
        "startDate": timezone.localtime(meeting.starts_at).isoformat(),
        "endDate": timezone.localtime(meeting.ends_at).isoformat(),
        "eventStatus": EVENT_STATUS[meeting.status],
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": True,
        "url": request.build_absolute_uri(meeting.get_absolute_url()),
        "organizer": {"@type": "Organization", "name": "AMALav - Cooperativa Sociale Aeris"},
    }
    if meeting.moved_from:
        data["previousStartDate"] = timezone.localtime(meeting.moved_from).isoformat()
    place = meeting.place
    if place is not None:
        data["location"] = {
            "@type": "Place",
            "name": place.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": place.address,
                "addressLocality": place.town,
                "addressRegion": "MB",
                "addressCountry": "IT",
            },
        }
    return data


def meetings_jsonld(request: HttpRequest, meetings: list[Meeting]) -> SafeString:
    if not meetings:
        return SafeString("")
    payload = json.dumps([event(request, m) for m in meetings], ensure_ascii=False)
    # Safe: the escapes above are those of Django's json_script, which only knows JSON's type.
    escaped = SafeString(payload.translate(_ESCAPES))  # nosec
    return format_html('<script type="application/ld+json">{}</script>', escaped)
