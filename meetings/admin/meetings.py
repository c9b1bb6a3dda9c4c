from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.dates import admin_moment
from core.widgets import LabelledSplitDateTime
from groups.admin import CoordinatorScopedAdmin
from meetings.models import Meeting, ScheduleChange
from meetings.services import (
    cancel_meeting,
    day_off_reason,
    delete_meeting,
    save_meeting,
)


class CancelMeetingsForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo dell'annullamento"),
        max_length=300,
        help_text=_("Mostrato sul sito e scritto nell'avviso ai partecipanti."),
    )


@admin.register(Meeting)
class MeetingAdmin(CoordinatorScopedAdmin):
    # Few columns, so the list fits a 1366 px laptop with the sidebar open: the topic is
    # on each meeting's page, the signups app adds the register and the apologies.
    list_display = ["group", "number", "starts_at", "status"]
    list_display_links = ["group", "number"]
    list_filter = ["group", "status"]
    date_hierarchy = "starts_at"
    search_fields = ["group__name", "topic", "public_note"]
    list_select_related = ["group", "venue"]
    readonly_fields = ["moved_from", "sequence", "notices"]
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
        "notices",
    ]

    @admin.display(description=_("avvisi ai partecipanti"))
    def notices(self, meeting: Meeting) -> str:
        """Each change of this meeting people were told of, and how many by each channel."""
        changes = ScheduleChange.objects.filter(changed_meetings__meeting=meeting)[:10]
        rows = [
            (
                admin_moment(change.made_at),
                change.get_kind_display(),
                notified_text(change),
            )
            for change in changes
        ]
        if not rows:
            return "-"
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {}, {}</li>", rows))

    def save_model(self, request: HttpRequest, obj: Meeting, form, change: bool) -> None:
        if change:
            self.tell_about(request, save_meeting(obj, request.user))
        else:
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

    def tell_about(self, request: HttpRequest, change: ScheduleChange | None) -> None:
        if change is not None:
            self.tell_who_hears(request, change.group)

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
            self.tell_about(
                request, cancel_meeting(meeting, form.cleaned_data["reason"], request.user)
            )
            cancelled += 1
        self.message_user(
            request,
            ngettext("%(count)d incontro annullato.", "%(count)d incontri annullati.", cancelled)
            % {"count": cancelled},
            messages.SUCCESS,
        )
        return None


def notified_text(change: ScheduleChange) -> str:
    if change.announced_at is None:
        return gettext("avvisi in partenza")
    counts = change.notified
    return gettext("%(email)d per email, %(sms)d per SMS, %(calls)d da chiamare") % {
        "email": counts.get("email", 0),
        "sms": counts.get("sms", 0),
        "calls": counts.get("telefonata", 0),
    }
