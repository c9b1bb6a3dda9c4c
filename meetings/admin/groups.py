from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from groups.admin import GroupAdmin
from groups.models import Group
from meetings.models import Meeting
from meetings.services import (
    PlanningError,
    day_off_reason,
    plan_cycle,
    shift_cycle,
    start_date_warnings,
)


class ShiftWeeksForm(ActionForm):
    weeks = forms.IntegerField(
        label=_("settimane"),
        required=False,
        help_text=_("Per «Sposta gli incontri futuri»: 1 posticipa di una settimana, -1 anticipa."),
    )


def shift_weeks(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("weeks", ""))
    except ValueError:
        return 0


@admin.action(description=_("Sposta gli incontri futuri (di quante settimane: qui sotto)"))
def shift_meetings(modeladmin: GroupAdmin, request: HttpRequest, queryset: QuerySet[Group]) -> None:
    weeks = shift_weeks(request)
    if not weeks:
        modeladmin.message_user(
            request,
            _("Indica di quante settimane spostare gli incontri, per esempio 2 oppure -1."),
            messages.ERROR,
        )
        return
    for group in queryset:
        try:
            moved = shift_cycle(group, weeks, request.user)
        except PlanningError as error:
            modeladmin.message_user(request, str(error), messages.ERROR)
            continue
        if not moved:
            modeladmin.message_user(
                request,
                _("%(group)s: nessun incontro da spostare (non ce ne sono in programma).")
                % {"group": group},
                messages.WARNING,
            )
            continue
        modeladmin.message_user(
            request,
            ngettext(
                "%(group)s: spostato %(count)d incontro.",
                "%(group)s: spostati %(count)d incontri.",
                len(moved),
            )
            % {"group": group, "count": len(moved)},
            messages.SUCCESS,
        )
        if moved:
            modeladmin.tell_who_hears(request, group)
        for meeting in moved:
            reason = day_off_reason(group, timezone.localdate(meeting.starts_at))
            if reason:
                modeladmin.message_user(
                    request,
                    _("Attenzione: %(meeting)s cade in un giorno senza incontri (%(reason)s).")
                    % {"meeting": meeting, "reason": reason},
                    messages.WARNING,
                )


@admin.action(description=_("Pianifica il ciclo di incontri"))
def plan_meetings(modeladmin: GroupAdmin, request: HttpRequest, queryset: QuerySet[Group]) -> None:
    for group in queryset:
        try:
            created = plan_cycle(group)
        except PlanningError:
            modeladmin.message_user(
                request,
                _("%(group)s: manca la data del primo incontro, impossibile pianificare.")
                % {"group": group},
                messages.ERROR,
            )
            continue
        if not created:
            modeladmin.message_user(
                request,
                _("%(group)s: il ciclo è già completo, nessun incontro da aggiungere.")
                % {"group": group},
                messages.INFO,
            )
            continue
        modeladmin.message_user(
            request,
            ngettext(
                "%(group)s: creato %(count)d incontro.",
                "%(group)s: creati %(count)d incontri.",
                len(created),
            )
            % {"group": group, "count": len(created)},
            messages.SUCCESS,
        )


def with_meeting_count(groups: QuerySet[Group]) -> QuerySet[Group]:
    # A subquery, not a join: other counts on the same row are not multiplied.
    meetings = (
        Meeting.objects.filter(group=OuterRef("pk"))
        .order_by()
        .values("group")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return groups.annotate(meeting_count=Coalesce(Subquery(meetings), 0))


@admin.display(description=_("incontri"), ordering="meeting_count")
def meetings_link(group: Group) -> str:
    url = (
        reverse("admin:meetings_meeting_changelist")
        + "?"
        + urlencode({"group__id__exact": group.pk})
    )
    return format_html('<a href="{}">{} / {}</a>', url, group.meeting_count, group.cycle_length)


GroupAdmin.extend(
    columns=[meetings_link],
    actions=[plan_meetings, shift_meetings],
    annotate=with_meeting_count,
    notes=start_date_warnings,
    action_form=ShiftWeeksForm,
)
