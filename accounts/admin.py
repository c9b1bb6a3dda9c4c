import csv

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts import factors
from accounts.models import AccessRecord

User = get_user_model()


def person_number(text: str) -> int | None:
    """A request's number as typed in an address or the search box; None if it is none."""
    text = text.strip()
    return int(text) if text.isdigit() and len(text) <= 18 else None


class PersonFilter(admin.SimpleListFilter):
    """?persona=<number of the request>: every line that showed that person's data."""

    title = _("persona")
    parameter_name = "persona"

    def lookups(self, request: HttpRequest, model_admin) -> list:
        value = self.value()
        return [(value, _("richiesta n. %(number)s") % {"number": value})] if value else []

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() is None:
            return queryset
        number = person_number(self.value())
        return queryset.none() if number is None else queryset.about_person(number)


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin):
    """Read only, for every staff member: the office reads all lines, others their own."""

    change_list_template = "admin/accounts/accessrecord/change_list.html"
    list_display = ["at", "user", "action", "target", "count", "people", "address"]
    list_filter = ["action", ("user", admin.RelatedOnlyFieldListFilter), PersonFilter, "at"]
    date_hierarchy = "at"
    list_select_related = ["user", "about_user"]
    # The box takes a request's number (see get_search_results).
    search_fields = ["people__person_id"]
    list_per_page = 50
    fields = [
        "at",
        "user",
        "address",
        "action",
        "target",
        "count",
        "filters",
        "about_user",
        "people",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[AccessRecord]:
        return super().get_queryset(request).visible_to(request.user).prefetch_related("people")

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        # Only numbers name a person here: a name typed in the box finds no line.
        if not search_term.strip():
            return queryset, False
        number = person_number(search_term)
        if number is None:
            return queryset.none(), False
        return queryset.about_person(number), False

    def get_list_filter(self, request: HttpRequest) -> list:
        if request.user.is_superuser:
            return self.list_filter
        return [f for f in self.list_filter if not isinstance(f, tuple)]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj: AccessRecord | None = None) -> bool:
        if not (request.user.is_active and request.user.is_staff):
            return False
        return obj is None or request.user.is_superuser or obj.user_id == request.user.pk

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("persone (numero della richiesta)"))
    def people(self, line: AccessRecord) -> str:
        numbers = [person.person_id for person in line.people.all()]
        if not numbers:
            return "-"
        shown = numbers[:10]
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("admin:signups_signuprequest_change", args=[n]), n) for n in shown),
        )
        more = len(numbers) - len(shown)
        if more:
            return format_html("{} {}", links, _("e altre %(count)d") % {"count": more})
        return links

    def get_urls(self) -> list:
        return [
            path(
                "esporta/",
                self.admin_site.admin_view(self.export_csv),
                name="accounts_accessrecord_csv",
            ),
            *super().get_urls(),
        ]

    def export_csv(self, request: HttpRequest) -> HttpResponse:
        """The list as filtered, for the office's answer to "who looked at my data?"."""
        lines = self.get_changelist_instance(request).get_queryset(request)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        response["Content-Disposition"] = f'attachment; filename="accessi-{stamp}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        writer.writerow(
            [
                _("Quando"),
                _("Chi"),
                _("Indirizzo"),
                _("Azione"),
                _("Su che cosa"),
                _("Righe"),
                _("Filtri"),
                _("Account interessato"),
                _("Persone (numero della richiesta)"),
            ]
        )
        for line in lines:
            writer.writerow(
                [
                    timezone.localtime(line.at).strftime("%d/%m/%Y %H:%M:%S"),
                    line.username,
                    line.address or "",
                    line.get_action_display(),
                    line.target,
                    "" if line.count is None else line.count,
                    " ".join(f"{key}={value}" for key, value in line.filters.items()),
                    line.about_user.get_username() if line.about_user else "",
                    " ".join(str(person.person_id) for person in line.people.all()),
                ]
            )
        return response


# django-otp's own pages would show the apps' secrets and the unused recovery codes to the
# office: nobody needs them, the users list below resets what a person lost.
admin.site.unregister([TOTPDevice, StaticDevice])

# The users list is the office's: it shows who has a second factor and resets it.
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    list_display = [*UserAdmin.list_display, "has_second_factor"]
    actions = ["reset_second_factor"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                with_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
                with_passkey=Exists(
                    WebAuthnCredential.objects.filter(user=OuterRef("pk"), confirmed=True)
                ),
            )
        )

    @admin.display(description=_("secondo passaggio"), boolean=True)
    def has_second_factor(self, user) -> bool:
        return user.with_app or user.with_passkey

    def has_reset_factors_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    @admin.action(
        description=_("Azzera il secondo passaggio (passkey, app, codici)"),
        permissions=["reset_factors"],
    )
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet) -> None:
        for user in queryset:
            factors.reset(user, request)
        self.message_user(
            request,
            ngettext(
                "Secondo passaggio azzerato per %(count)d account: al prossimo accesso "
                "sceglierà di nuovo passkey o app. Le sue sessioni aperte sono chiuse.",
                "Secondo passaggio azzerato per %(count)d account: al prossimo accesso "
                "ciascuno sceglierà di nuovo passkey o app. Le loro sessioni aperte sono chiuse.",
                len(queryset),
            )
            % {"count": len(queryset)},
            messages.SUCCESS,
        )
