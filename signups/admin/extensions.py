"""The signups app's columns on the groups and meetings lists (see core.admin.ExtensibleAdmin)."""

from django.contrib import admin
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from groups.admin import GroupAdmin
from groups.models import Group
from meetings.admin.meetings import MeetingAdmin
from meetings.models import Meeting
from signups import services
from signups.admin.common import channel_summary, offered_text, places_text
from signups.models import Attendance, SignupRequest, accepted_count, with_accepted_count
from signups.services import group_messages


def with_request_counts(groups: QuerySet[Group]) -> QuerySet[Group]:
    # One subquery per status, not a join: the meetings column does not multiply them.
    counts = {
        f"requests_{status}": Coalesce(
            Subquery(
                SignupRequest.objects.filter(group=OuterRef("pk"), status=status)
                .order_by()
                .values("group")
                .annotate(count=Count("pk"))
                .values("count")
            ),
            0,
        )
        for status in SignupRequest.Status.values
    }
    return with_accepted_count(groups).annotate(**counts)


@admin.display(description=_("richieste di adesione"))
def request_counts(group: Group) -> str:
    url = reverse("admin:signups_signuprequest_changelist")
    rows = [
        (
            url + "?" + urlencode({"group__id__exact": group.pk, "status__exact": status}),
            label,
            getattr(group, f"requests_{status}"),
        )
        for status, label in SignupRequest.Status.choices
        if getattr(group, f"requests_{status}")
    ]
    if not rows:
        return "-"
    return format_html_join(", ", '<a href="{}">{}: {}</a>', rows)


@admin.display(description=_("posti liberi"))
def free_places(group: Group) -> str:
    return places_text(group, accepted_count(group))


GroupAdmin.extend(columns=[request_counts, free_places], annotate=with_request_counts)


def with_apology_count(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    apologised = Q(attendances__status=Attendance.Status.APOLOGISED)
    return meetings.annotate(apology_count=Count("attendances", filter=apologised))


@admin.display(description=_("registro"), ordering="apology_count")
def register_and_apologies(meeting: Meeting) -> str:
    """The register's link, and how many said they cannot come."""
    link = format_html(
        '<a href="{}">{}</a>', reverse("admin:register", args=[meeting.pk]), _("Registro presenze")
    )
    if not meeting.apology_count:
        return link
    apologies = ngettext(
        "%(count)d assenza giustificata",
        "%(count)d assenze giustificate",
        meeting.apology_count,
    ) % {"count": meeting.apology_count}
    return format_html("{}<br>{}", link, apologies)


@admin.display(description=_("hanno detto che non possono venire"))
def apology_names(meeting: Meeting) -> str:
    names = [
        str(attendance.participant)
        for attendance in meeting.attendances.filter(
            status=Attendance.Status.APOLOGISED
        ).select_related("participant")
    ]
    return ", ".join(names) or "-"


@admin.display(description=_("scrivi ai partecipanti"))
def write_to_participants(meeting: Meeting) -> str:
    if meeting.pk is None:
        return "-"
    url = reverse("admin:group-message", args=[meeting.group_id]) + f"?incontro={meeting.pk}"
    return format_html(
        '<a href="{}">{}</a>', url, _("Scrivi a chi è nel registro di questo incontro")
    )


def who_will_hear(group: Group) -> str:
    """Said after a change to a group's calendar: who will be told, and how."""
    channels = group_messages.channels_of(group_messages.audience(group))
    return channel_summary(_("%(group)s: avviso in partenza") % {"group": group.name}, channels)


MeetingAdmin.extend(
    columns=[register_and_apologies],
    fields=[apology_names, write_to_participants],
    annotate=with_apology_count,
    announce=who_will_hear,
)
GroupAdmin.extend(announce=who_will_hear)


def offer_new_places(group: Group, changed: list[str], by) -> list[str]:
    """A raised capacity frees places: the first people waiting are offered them."""
    if "capacity" not in changed:
        return []
    offers = services.move_waiting_list(group, by)
    return [offered_text(offers)] if offers else []


GroupAdmin.extend(saved=offer_new_places)
