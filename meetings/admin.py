from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from groups.admin import CoordinatorScopedAdmin
from groups.models import Group
from meetings.models import Meeting
from meetings.services import (
    PlanningError,
    delete_meeting,
    plan_cycle,
    shift_cycle,
    start_date_warnings,
)


@admin.register(Meeting)
class MeetingAdmin(CoordinatorScopedAdmin):
    list_display = ["group", "number", "starts_at", "status", "moved_from", "topic", "venue"]
    list_display_links = ["group", "number"]
    list_filter = ["group", "status"]
    date_hierarchy = "starts_at"
    search_fields = ["group__name", "topic", "public_note"]
    list_select_related = ["group", "venue"]
    readonly_fields = ["moved_from", "sequence"]
    actions = ["cancel_meetings"]
    fields = [
        "group",
        "number",
        "starts_at",
        "duration",
        "status",
        "moved_from",
        "venue",
        "topic",
        "public_note",
        "internal_note",
        "sequence",
    ]

    def save_model(self, request: HttpRequest, obj: Meeting, form, change: bool) -> None:
        if change:
            obj.revise(form.changed_data, previous_start=form.initial["starts_at"])
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request: HttpRequest, obj: Meeting | None = None) -> bool:
        # "Cancellare" an incontro means calling it off: coordinators use "Annulla".
        return request.user.is_superuser

    def delete_model(self, request: HttpRequest, obj: Meeting) -> None:
        delete_meeting(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Meeting]) -> None:
        for meeting in queryset.order_by("-number"):
            delete_meeting(meeting)

    @admin.action(description=_("Annulla gli incontri selezionati"))
    def cancel_meetings(self, request: HttpRequest, queryset: QuerySet[Meeting]) -> None:
        cancelled = 0
        for meeting in queryset.exclude(status=Meeting.Status.CANCELLED):
            meeting.cancel()
            meeting.save()
            cancelled += 1
        self.message_user(
            request,
            ngettext("%(count)d incontro annullato.", "%(count)d incontri annullati.", cancelled)
            % {"count": cancelled},
            messages.SUCCESS,
        )


class ShiftWeeksForm(ActionForm):
    weeks = forms.IntegerField(
        label=_("settimane"),
        required=False,
        help_text=_("Per «Sposta gli incontri futuri»: 1 posticipa di una settimana, -1 anticipa."),
    )


class GroupMeetingsAdminMixin:
    """The groups list's meetings column, planning and shifting (see amalav/admin.py)."""

    action_form = ShiftWeeksForm

    def change_view(self, request: HttpRequest, object_id: str, *args, **kwargs):
        group = self.get_object(request, object_id)
        if request.method == "GET" and group is not None:
            for warning in start_date_warnings(group):
                self.message_user(request, warning, messages.WARNING)
        return super().change_view(request, object_id, *args, **kwargs)

    def save_model(self, request: HttpRequest, obj: Group, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        for warning in start_date_warnings(obj):
            self.message_user(request, warning, messages.WARNING)

    @admin.action(description=_("Sposta gli incontri futuri (di quante settimane: qui sotto)"))
    def shift_meetings(self, request: HttpRequest, queryset: QuerySet[Group]) -> None:
        weeks = request.POST.get("weeks", "")
        try:
            weeks = int(weeks)
        except ValueError:
            weeks = 0
        if not weeks:
            self.message_user(
                request,
                _("Indica di quante settimane spostare gli incontri, per esempio 2 oppure -1."),
                messages.ERROR,
            )
            return
        for group in queryset:
            try:
                moved = shift_cycle(group, weeks)
            except PlanningError as error:
                self.message_user(request, str(error), messages.ERROR)
                continue
            self.message_user(
                request,
                ngettext(
                    "%(group)s: spostato %(count)d incontro.",
                    "%(group)s: spostati %(count)d incontri.",
                    len(moved),
                )
                % {"group": group, "count": len(moved)},
                messages.SUCCESS,
            )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Group]:
        # A subquery, not a join: other counts on the same row are not multiplied.
        meetings = (
            Meeting.objects.filter(group=OuterRef("pk"))
            .order_by()
            .values("group")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return super().get_queryset(request).annotate(meeting_count=Coalesce(Subquery(meetings), 0))

    @admin.display(description=_("incontri"), ordering="meeting_count")
    def meetings_link(self, group: Group) -> str:
        url = (
            reverse("admin:meetings_meeting_changelist")
            + "?"
            + urlencode({"group__id__exact": group.pk})
        )
        return format_html('<a href="{}">{} / {}</a>', url, group.meeting_count, group.cycle_length)

    @admin.action(description=_("Pianifica il ciclo di incontri"))
    def plan_meetings(self, request: HttpRequest, queryset: QuerySet[Group]) -> None:
        for group in queryset:
            try:
                created = plan_cycle(group)
            except PlanningError:
                self.message_user(
                    request,
                    _("%(group)s: manca la data del primo incontro, impossibile pianificare.")
                    % {"group": group},
                    messages.ERROR,
                )
                continue
            self.message_user(
                request,
                ngettext(
                    "%(group)s: creato %(count)d incontro.",
                    "%(group)s: creati %(count)d incontri.",
                    len(created),
                )
                % {"group": group, "count": len(created)},
                messages.SUCCESS,
            )
