from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.access import Action, exported, records_opening
from groups.admin import CoordinatorScopedAdmin, VisibleGroupFilter
from signups import services
from signups.admin.common import email_link, offered_text, phone_link, welcome_summary
from signups.admin.history import attendance_table
from signups.admin.messages import messages_table
from signups.exports import participants_download
from signups.forms import ParticipantAdminForm, WithdrawForm
from signups.models import Attendance, Participant


@admin.register(Participant)
@records_opening(Action.PARTICIPANT_OPENED)
class ParticipantAdmin(CoordinatorScopedAdmin):
    """The people of each group: call or write with one tap, add walk-ins, record leavers."""

    form = ParticipantAdminForm
    change_list_template = "admin/signups/participant/change_list.html"
    list_display = [
        "__str__",
        "group",
        phone_link,
        email_link,
        "presences",
        "accepted_at",
        "withdrawn_at",
    ]
    list_filter = [
        ("group", VisibleGroupFilter),
        ("withdrawn_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["first_name", "last_name", "email", "phone"]
    list_select_related = ["group"]
    actions = ["withdraw"]
    readonly_fields = [
        "accepted_at",
        "withdrawn_at",
        "withdrawal_reason",
        "attendance_history",
        "messages_sent",
    ]
    fieldsets = [
        (
            _("Persona"),
            {"fields": ["first_name", "last_name", "email", "phone", "town", "work_situation"]},
        ),
        (_("Gruppo"), {"fields": ["group", "heard_from", "internal_notes"]}),
        (_("Partecipazione"), {"fields": ["accepted_at", "withdrawn_at", "withdrawal_reason"]}),
        (_("Presenze nel ciclo"), {"fields": ["attendance_history"]}),
        (_("Messaggi"), {"fields": ["messages_sent"]}),
    ]

    class Media:
        # Printed from the browser, the filtered list is the group's phone list.
        css = {"print": ["css/admin-print.css"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Participant]:
        present = Q(attendances__status=Attendance.Status.PRESENT)
        return (
            super().get_queryset(request).annotate(presences=Count("attendances", filter=present))
        )

    def get_urls(self) -> list:
        view = self.admin_site.admin_view(self.export_list_xlsx)
        return [
            path("esporta/xlsx/", view, name="signups_participant_xlsx"),
            *super().get_urls(),
        ]

    def export_list_xlsx(self, request: HttpRequest) -> HttpResponse:
        """The list with its filters and search, scoped like the list to the user's groups."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = self.get_changelist_instance(request).get_queryset(request)
        return participants_download(exported(request, rows.select_related("group")))

    @admin.display(description=_("presenze"), ordering="presences")
    def presences(self, participant: Participant) -> int:
        return participant.presences

    @admin.display(description=_("incontri"))
    def attendance_history(self, participant: Participant) -> str:
        return attendance_table(participant)

    @admin.display(description=_("messaggi inviati"))
    def messages_sent(self, participant: Participant) -> str:
        # Read only here: a failed message is sent again from the request's page.
        return messages_table(participant, resend=False)

    def get_fieldsets(self, request: HttpRequest, obj: Participant | None = None):
        return self.fieldsets if obj else self.fieldsets[:2]

    def save_model(self, request: HttpRequest, obj: Participant, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        outcome = services.add_participant(obj, request.user)
        self.message_user(request, welcome_summary(outcome.welcomed), messages.INFO)

    @admin.action(description=_("Segna come ritirati/e dal gruppo"), permissions=["change"])
    def withdraw(
        self, request: HttpRequest, queryset: QuerySet[Participant]
    ) -> TemplateResponse | None:
        staying = queryset.filter(withdrawn_at__isnull=True)
        form = WithdrawForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            outcome = services.withdraw(staying, request.user, form.cleaned_data["reason"])
            count = len(outcome.changed)
            self.message_user(
                request,
                ngettext(
                    "%(count)d partecipante segnato/a come ritirato/a.",
                    "%(count)d partecipanti segnati/e come ritirati/e.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
            if outcome.offered:
                self.message_user(request, offered_text(outcome.offered), messages.INFO)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Ritiro dal gruppo"),
            "opts": self.model._meta,
            "form": form,
            "participants": staying,
            "selected": queryset.values_list("pk", flat=True),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/signups/participant/withdraw.html", context)
