from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from groups.admin import coordinated_groups
from meetings.models import Meeting

# A change to any of these must reach the calendars people subscribed to.
CALENDAR_FIELDS = {"status", "duration", "venue", "topic", "public_note"}


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
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

    def get_queryset(self, request: HttpRequest) -> QuerySet[Meeting]:
        return super().get_queryset(request).filter(group__in=coordinated_groups(request))

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "group":
            kwargs["queryset"] = coordinated_groups(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Meeting, form, change: bool) -> None:
        if change and "starts_at" in form.changed_data:
            new_start = obj.starts_at
            obj.starts_at = form.initial["starts_at"]
            obj.move_to(new_start)
        elif change and CALENDAR_FIELDS.intersection(form.changed_data):
            obj.sequence += 1
        super().save_model(request, obj, form, change)

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
