"""A participant's cycle on their page, read only: each meeting and whether they came."""

import datetime
from collections import Counter

from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.dates import admin_moment
from meetings.models import Meeting
from signups.models import Attendance, SignupRequest


def meetings_of(person: SignupRequest) -> list[Meeting]:
    """The group's meetings while the person was in it, and any they were recorded at."""
    if person.group_id is None or person.accepted_at is None:
        return []
    joined = timezone.localdate(person.accepted_at)
    since = datetime.datetime.combine(
        joined, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    in_group = Q(starts_at__gte=since)
    if person.withdrawn_at is not None:
        in_group &= Q(starts_at__lte=person.withdrawn_at)
    recorded = Q(attendances__participant=person)
    return list(
        Meeting.objects.filter(Q(group=person.group_id) & (in_group | recorded))
        .distinct()
        .order_by("starts_at", "pk")
    )


def attendance_table(person: SignupRequest) -> str:
    meetings = meetings_of(person)
    if not meetings:
        return _("Nessun incontro nel periodo in cui è nel gruppo.")
    lines = dict(Attendance.objects.filter(participant=person).values_list("meeting_id", "status"))
    labels = dict(Attendance.Status.choices)
    counts: Counter[str] = Counter(lines.values())
    rows = []
    for meeting in meetings:
        if meeting.pk in lines:
            state = labels[lines[meeting.pk]]
        elif meeting.is_cancelled:
            state = _("incontro annullato")
        elif meeting.is_past:
            state = _("registro non compilato")
        else:
            state = _("da svolgere")
        rows.append((admin_moment(meeting.starts_at), state))
    present, absent, apologised = (
        counts[Attendance.Status.PRESENT],
        counts[Attendance.Status.ABSENT],
        counts[Attendance.Status.APOLOGISED],
    )
    summary = ", ".join(
        [
            ngettext("%(n)d presenza", "%(n)d presenze", present) % {"n": present},
            ngettext("%(n)d assenza", "%(n)d assenze", absent) % {"n": absent},
            ngettext("%(n)d giustificata", "%(n)d giustificate", apologised) % {"n": apologised},
        ]
    )
    return format_html(
        "<p>{}</p><table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
        summary,
        _("incontro"),
        _("presenza"),
        format_html_join("", "<tr><td>{}</td><td>{}</td></tr>", rows),
    )
