from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.helpers import ActionForm
from django.db import models
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.widgets import LabelledSplitDateTime
from groups.admin import CoordinatorScopedAdmin
from groups.models import Group
from meetings.models import ClosurePeriod, Meeting
from meetings.services import (
    PlanningError,
    day_off_reason,
    delete_meeting,
    plan_cycle,
    shift_cycle,
    start_date_warnings,
)


class CancelMeetingsForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo dell'annullamento"),
        max_length=300,
        help_text=_("Mostrato sul sito e scritto nell'avviso ai partecipanti."),
    )


@admin.register(Meeting)
class MeetingAdmin(CoordinatorScopedAdmin):
    # Few columns, so the list fits a 1366 px laptop with the sidebar open.
    list_display = ["group", "number", "starts_at", "status", "topic"]
    list_display_links = ["group", "number"]
    list_filter = ["group", "status"]
    date_hierarchy = "starts_at"
    search_fields = ["group__name", "topic", "public_note"]
    list_select_related = ["group", "venue"]
    readonly_fields = ["moved_from", "sequence"]
    formfield_overrides = {models.DateTimeField: {"widget": LabelledSplitDateTime}}
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
        if "starts_at" in form.changed_data:
            day = timezone.localdate(obj.starts_at)
            reason = day_off_reason(obj.group, day)
            if reason:
                self.message_user(
                    request,
                    _("Attenzione: il %(day)s è un giorno senza incontri (%(reason)s).")
                    % {"day": day.strftime("%d/%m/%Y"), "reason": reason},
                    messages.WARNING,
                )

    def cancel_meeting(self, request: HttpRequest, meeting: Meeting, reason: str) -> None:
        meeting.cancel(reason)
        meeting.save()

    def has_delete_permission(self, request: HttpRequest, obj: Meeting | None = None) -> bool:
        # "Cancellare" an incontro means calling it off: coordinators use "Annulla".
        return request.user.is_superuser

    def delete_model(self, request: HttpRequest, obj: Meeting) -> None:
        delete_meeting(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Meeting]) -> None:
        for meeting in queryset.order_by("-number"):
            delete_meeting(meeting)

    @admin.action(description=_("Annulla gli incontri selezionati"))
    def cancel_meetings(
        self, request: HttpRequest, queryset: QuerySet[Meeting]
    ) -> TemplateResponse | None:
        """Asks for the reason first: people read it on the site and in their notice."""
        form = CancelMeetingsForm(request.POST if "confirm" in request.POST else None)
        if not form.is_valid():
            return TemplateResponse(
                request,
                "admin/meetings/meeting/cancel_meetings.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Annulla gli incontri"),
                    "opts": self.model._meta,
                    "meetings": queryset.select_related("group"),
                    "form": form,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        cancelled = 0
        for meeting in queryset.exclude(status=Meeting.Status.CANCELLED):
            self.cancel_meeting(request, meeting, form.cleaned_data["reason"])
            cancelled += 1
        self.message_user(
            request,
            ngettext("%(count)d incontro annullato.", "%(count)d incontri annullati.", cancelled)
            % {"count": cancelled},
            messages.SUCCESS,
        )
        return None


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
            if not created:
                self.message_user(
                    request,
                    _("%(group)s: il ciclo è già completo, nessun incontro da aggiungere.")
                    % {"group": group},
                    messages.INFO,
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


@admin.register(ClosurePeriod)
class ClosurePeriodAdmin(admin.ModelAdmin):
    list_display = ["reason", "start", "end", "group"]
    list_filter = ["group"]
    date_hierarchy = "start"

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "group":
            # A coordinator closes their own groups; site-wide closures are the office's.
            kwargs["queryset"] = Group.objects.coordinated_by(request.user)
            kwargs["required"] = not request.user.is_superuser
            if kwargs["required"]:
                kwargs["help_text"] = _(
                    "Uno dei gruppi che coordini: le chiusure di tutti i gruppi le decide "
                    "la segreteria."
                )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: ClosurePeriod | None = None) -> bool:
        if obj is not None and not request.user.is_superuser and not obj.belongs_to(request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: ClosurePeriod | None = None) -> bool:
        return self.has_change_permission(request, obj) and super().has_delete_permission(
            request, obj
        )
