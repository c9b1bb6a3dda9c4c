from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.access import Action, exported, records_opening
from core.admin_search import TrigramSearchMixin
from groups.admin import CoordinatorScopedAdmin, VisibleGroupFilter
from groups.models import Group
from signups import services
from signups.admin.common import (
    mailto_link,
    offered_text,
    phone_link,
    places_text,
    welcome_summary,
)
from signups.admin.messages import messages_table, resend_view
from signups.admin.offers import PlaceOfferActions, offers_table
from signups.exports import requests_download
from signups.forms import SignupRequestAdminForm
from signups.models import SignupRequest, accepted_count


@admin.register(SignupRequest)
@records_opening(Action.REQUEST_OPENED)
class SignupRequestAdmin(PlaceOfferActions, TrigramSearchMixin, CoordinatorScopedAdmin):
    form = SignupRequestAdminForm
    change_list_template = "admin/signups/signuprequest/change_list.html"
    # Few columns, so the list fits a 1366 px laptop with the sidebar open.
    # The one-click "Contattata" second, so a 360 px phone shows it without scrolling.
    list_display = ["__str__", "status_and_button", phone_link, "group", "received_on"]
    list_filter = [
        ("group", VisibleGroupFilter),
        "status",
        "work_situation",
        "created_at",
    ]
    date_hierarchy = "created_at"
    # No second count for "(N totali)"; fifty rows fit a phone and render in half the time.
    show_full_result_count = False
    list_per_page = 50
    search_fields = ["first_name", "last_name", "email", "phone", "town"]
    list_select_related = ["group", "handled_by"]
    readonly_fields = [
        "email_link",
        "call_link",
        "created_at",
        "privacy_version",
        "privacy_accepted_at",
        "consent_note",
        "group_places",
        "handled_by",
        "handled_at",
        "anonymised_at",
        "messages_sent",
        "offers_steps",
    ]
    actions = [
        "mark_contacted",
        "mark_accepted",
        "mark_waiting",
        "offer_place_now",
        "cancel_place_offer",
        "export_csv",
        "export_xlsx",
    ]
    fieldsets = [
        (
            _("Persona"),
            {
                "fields": [
                    "first_name",
                    "last_name",
                    ("email", "email_link"),
                    ("phone", "call_link"),
                    "town",
                    "work_situation",
                    "contact_by",
                ]
            },
        ),
        (
            _("Richiesta"),
            {"fields": ["group", "group_places", "message", "heard_from", "created_at"]},
        ),
        (
            _("Gestione"),
            {
                "fields": [
                    "status",
                    "internal_notes",
                    "handled_by",
                    "handled_at",
                    "wants_reminders",
                ]
            },
        ),
        (_("Lista d'attesa"), {"fields": ["offers_steps"]}),
        (_("Messaggi"), {"fields": ["messages_sent"]}),
        (
            _("Privacy"),
            {
                "fields": [
                    "privacy_version",
                    "privacy_accepted_at",
                    "consent_note",
                    "news_consent",
                    "anonymised_at",
                ]
            },
        ),
    ]

    @admin.display(description=_("posti nel gruppo"))
    def group_places(self, signup: SignupRequest) -> str:
        if signup.group is None:
            return "-"
        return places_text(signup.group, accepted_count(signup.group))

    def warn_over_capacity(self, request: HttpRequest, groups: set[Group]) -> None:
        for group in groups:
            accepted = accepted_count(group)
            if group.capacity is not None and accepted > group.capacity:
                self.message_user(
                    request,
                    ngettext(
                        "%(group)s: %(accepted)d persone accettate per %(capacity)d posto, "
                        "oltre la capienza del gruppo.",
                        "%(group)s: %(accepted)d persone accettate per %(capacity)d posti, "
                        "oltre la capienza del gruppo.",
                        group.capacity,
                    )
                    % {"group": group, "accepted": accepted, "capacity": group.capacity},
                    messages.WARNING,
                )

    def save_model(self, request: HttpRequest, obj: SignupRequest, form, change: bool) -> None:
        if not change:
            self.tell(request, services.take_request(obj, request.user))
            return
        status = obj.status
        if "status" in form.changed_data:
            # The new status is reached through its service, which knows what follows it.
            obj.status = form.initial["status"]
        super().save_model(request, obj, form, change)
        if "status" in form.changed_data:
            self.tell(request, services.set_status([obj], status, request.user))

    def tell(self, request: HttpRequest, outcome: services.Outcome) -> None:
        """What a change did: who got the welcome and how, who is over capacity."""
        if outcome.welcomed:
            self.message_user(request, welcome_summary(outcome.welcomed), messages.INFO)
        groups = {s.group for s in outcome.changed if s.group is not None}
        if any(s.status == SignupRequest.Status.ACCEPTED for s in outcome.changed):
            self.warn_over_capacity(request, groups)
        if outcome.offered:
            self.message_user(request, offered_text(outcome.offered), messages.INFO)

    @admin.display(description=_("posti offerti"))
    def offers_steps(self, signup: SignupRequest) -> str:
        return offers_table(signup) if signup.pk else "-"

    @admin.display(description=_("messaggi"))
    def messages_sent(self, signup: SignupRequest) -> str:
        return messages_table(signup) if signup.pk else "-"

    def resend_message(self, request: HttpRequest, pk: int, sent_pk: int) -> HttpResponse:
        signup = self.get_object(request, str(pk))
        if signup is None or not self.has_change_permission(request, signup):
            raise PermissionDenied
        return resend_view(request, signup, sent_pk)

    def _mark(self, request: HttpRequest, queryset: QuerySet[SignupRequest], status: str) -> None:
        outcome = services.set_status(queryset.select_related("group"), status, request.user)
        count = len(outcome.changed)
        self.message_user(
            request,
            ngettext(
                "%(count)d richiesta segnata come «%(status)s».",
                "%(count)d richieste segnate come «%(status)s».",
                count,
            )
            % {"count": count, "status": SignupRequest.Status(status).label},
            messages.SUCCESS,
        )
        self.tell(request, outcome)

    @admin.action(description=_("Segna come contattate"))
    def mark_contacted(self, request: HttpRequest, queryset: QuerySet[SignupRequest]) -> None:
        self._mark(request, queryset, SignupRequest.Status.CONTACTED)

    @admin.action(description=_("Segna come accettate (e manda il benvenuto)"))
    def mark_accepted(self, request: HttpRequest, queryset: QuerySet[SignupRequest]) -> None:
        self._mark(request, queryset, SignupRequest.Status.ACCEPTED)

    @admin.action(description=_("Metti in lista d'attesa"))
    def mark_waiting(self, request: HttpRequest, queryset: QuerySet[SignupRequest]) -> None:
        self._mark(request, queryset, SignupRequest.Status.WAITING)

    @admin.display(description=_("ricevuta il"), ordering="created_at")
    def received_on(self, signup: SignupRequest) -> str:
        return timezone.localtime(signup.created_at).strftime("%d/%m/%Y")

    @admin.display(description=_("chiama"))
    def call_link(self, signup: SignupRequest) -> str:
        return phone_link(signup)

    @admin.display(description=_("scrivi"))
    def email_link(self, signup: SignupRequest) -> str:
        return mailto_link(signup.email, _("Scrivi un'email"))

    @admin.display(description=_("stato"), ordering="status")
    def status_and_button(self, signup: SignupRequest) -> str:
        if signup.status != SignupRequest.Status.NEW:
            return signup.get_status_display()
        # Submits the list's own form (and its CSRF token) to the one-click view below.
        url = reverse("admin:signups_signuprequest_contacted", args=[signup.pk])
        return format_html(
            '{} <button type="submit" class="button" formaction="{}">{}</button>',
            signup.get_status_display(),
            url,
            _("Contattata"),
        )

    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/messaggi/<int:sent_pk>/reinvia/",
                view(self.resend_message),
                name="signups_signuprequest_resend",
            ),
            path(
                "<int:pk>/offri-posto/",
                view(self.offer_view),
                name="signups_signuprequest_offer",
            ),
            path(
                "<int:pk>/annulla-offerta/",
                view(self.cancel_offer_view),
                name="signups_signuprequest_cancel_offer",
            ),
            path(
                "<int:pk>/contattata/",
                view(self.contacted_view),
                name="signups_signuprequest_contacted",
            ),
            path("esporta/csv/", view(self.export_list_csv), name="signups_signuprequest_csv"),
            path("esporta/xlsx/", view(self.export_list_xlsx), name="signups_signuprequest_xlsx"),
            *super().get_urls(),
        ]

    def contacted_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponse(status=405)
        signup = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, signup):
            return HttpResponse(status=403)
        services.set_status([signup], SignupRequest.Status.CONTACTED, request.user)
        self.message_user(
            request,
            _("Richiesta di %(person)s segnata come contattata.") % {"person": signup},
            messages.SUCCESS,
        )
        # Back to the list as it was, filters included.
        back = request.headers.get("referer", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            back = reverse("admin:signups_signuprequest_changelist")
        return HttpResponseRedirect(back)

    def filtered_requests(self, request: HttpRequest) -> QuerySet[SignupRequest]:
        """The rows the list shows with the filters and search in the address."""
        changelist = self.get_changelist_instance(request)
        return changelist.get_queryset(request).select_related("group", "handled_by")

    def export_list_csv(self, request: HttpRequest) -> HttpResponse:
        return requests_download(exported(request, self.filtered_requests(request)), "csv")

    def export_list_xlsx(self, request: HttpRequest) -> HttpResponse:
        return requests_download(exported(request, self.filtered_requests(request)), "xlsx")

    @admin.action(description=_("Esporta le richieste selezionate (CSV)"))
    def export_csv(self, request: HttpRequest, queryset: QuerySet[SignupRequest]) -> HttpResponse:
        return requests_download(
            exported(request, queryset.select_related("group", "handled_by")), "csv"
        )

    @admin.action(description=_("Esporta le richieste selezionate (Excel)"))
    def export_xlsx(self, request: HttpRequest, queryset: QuerySet[SignupRequest]) -> HttpResponse:
        return requests_download(
            exported(request, queryset.select_related("group", "handled_by")), "xlsx"
        )
