from django.contrib import admin, messages
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.phones import tel_href
from groups.admin import CoordinatorScopedAdmin
from groups.models import Group
from signups.exports import csv_bytes, xlsx_bytes
from signups.forms import SignupRequestAdminForm
from signups.models import SignupRequest


@admin.register(SignupRequest)
class SignupRequestAdmin(CoordinatorScopedAdmin):
    form = SignupRequestAdminForm
    change_list_template = "admin/signups/signuprequest/change_list.html"
    # Few columns, so the list fits a 1366 px laptop with the sidebar open.
    list_display = ["__str__", "phone_link", "group", "status_and_button", "received_on"]
    list_filter = [
        ("group", admin.RelatedOnlyFieldListFilter),
        "status",
        "work_situation",
        "created_at",
    ]
    date_hierarchy = "created_at"
    search_fields = ["first_name", "last_name", "email", "phone", "town"]
    list_select_related = ["group", "handled_by"]
    readonly_fields = [
        "email_link",
        "phone_link",
        "created_at",
        "privacy_version",
        "privacy_accepted_at",
        "handled_by",
        "handled_at",
        "anonymised_at",
    ]
    actions = ["mark_contacted", "mark_accepted", "mark_waiting", "export_csv", "export_xlsx"]
    fieldsets = [
        (
            _("Persona"),
            {
                "fields": [
                    "first_name",
                    "last_name",
                    ("email", "email_link"),
                    ("phone", "phone_link"),
                    "town",
                    "work_situation",
                ]
            },
        ),
        (_("Richiesta"), {"fields": ["group", "message", "heard_from", "created_at"]}),
        (
            _("Gestione"),
            {"fields": ["status", "internal_notes", "handled_by", "handled_at"]},
        ),
        (
            _("Privacy"),
            {
                "fields": [
                    "privacy_version",
                    "privacy_accepted_at",
                    "news_consent",
                    "anonymised_at",
                ]
            },
        ),
    ]

    def save_model(self, request: HttpRequest, obj: SignupRequest, form, change: bool) -> None:
        if not change:
            # Taken by phone or in person: the coordinator read the notice to the person.
            obj.record_consent()
        if not change or "status" in form.changed_data:
            obj.note_handling(request.user)
        super().save_model(request, obj, form, change)

    def _mark(self, request: HttpRequest, queryset: QuerySet[SignupRequest], status: str) -> None:
        for signup in queryset:
            signup.mark(status, request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d richiesta segnata come «%(status)s».",
                "%(count)d richieste segnate come «%(status)s».",
                len(queryset),
            )
            % {"count": len(queryset), "status": SignupRequest.Status(status).label},
            messages.SUCCESS,
        )

    @admin.action(description=_("Segna come contattate"))
    def mark_contacted(self, request: HttpRequest, queryset: QuerySet[SignupRequest]) -> None:
        self._mark(request, queryset, SignupRequest.Status.CONTACTED)

    @admin.action(description=_("Segna come accettate"))
    def mark_accepted(self, request: HttpRequest, queryset: QuerySet[SignupRequest]) -> None:
        self._mark(request, queryset, SignupRequest.Status.ACCEPTED)

    @admin.action(description=_("Metti in lista d'attesa"))
    def mark_waiting(self, request: HttpRequest, queryset: QuerySet[SignupRequest]) -> None:
        self._mark(request, queryset, SignupRequest.Status.WAITING)

    @admin.display(description=_("ricevuta il"), ordering="created_at")
    def received_on(self, signup: SignupRequest) -> str:
        return timezone.localtime(signup.created_at).strftime("%d/%m/%Y")

    @admin.display(description=_("telefono"))
    def phone_link(self, signup: SignupRequest) -> str:
        if not signup.phone:
            return "-"
        return format_html('<a href="tel:{}">{}</a>', tel_href(signup.phone), signup.phone)

    @admin.display(description=_("scrivi"))
    def email_link(self, signup: SignupRequest) -> str:
        if not signup.email:
            return "-"
        return format_html('<a href="mailto:{}">{}</a>', signup.email, _("Scrivi un'email"))

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
        signup.mark(SignupRequest.Status.CONTACTED, request.user)
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
        return self.spreadsheet_response(csv_bytes(self.filtered_requests(request)), "csv")

    def export_list_xlsx(self, request: HttpRequest) -> HttpResponse:
        return self.spreadsheet_response(xlsx_bytes(self.filtered_requests(request)), "xlsx")

    @staticmethod
    def spreadsheet_response(content: bytes, extension: str) -> HttpResponse:
        content_type = {
            "csv": "text/csv; charset=utf-8",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }[extension]
        response = HttpResponse(content, content_type=content_type)
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        response["Content-Disposition"] = f'attachment; filename="adesioni-{stamp}.{extension}"'
        return response

    @admin.action(description=_("Esporta le richieste selezionate (CSV)"))
    def export_csv(self, request: HttpRequest, queryset: QuerySet[SignupRequest]) -> HttpResponse:
        return self.spreadsheet_response(
            csv_bytes(queryset.select_related("group", "handled_by")), "csv"
        )

    @admin.action(description=_("Esporta le richieste selezionate (Excel)"))
    def export_xlsx(self, request: HttpRequest, queryset: QuerySet[SignupRequest]) -> HttpResponse:
        return self.spreadsheet_response(
            xlsx_bytes(queryset.select_related("group", "handled_by")), "xlsx"
        )


class GroupRequestsAdminMixin:
    """The groups list's request counts by status (see amalav/admin.py)."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Group]:
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
        return super().get_queryset(request).annotate(**counts)

    @admin.display(description=_("richieste di adesione"))
    def request_counts(self, group: Group) -> str:
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
