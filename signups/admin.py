import csv

from django.contrib import admin, messages
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from groups.admin import CoordinatorScopedAdmin
from groups.models import Group
from signups.forms import SignupRequestAdminForm
from signups.models import SignupRequest


def spreadsheet_safe(value: object) -> str:
    """Text Excel shows as typed: a leading = + - @ would otherwise start a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


CSV_COLUMNS = [
    (_("Ricevuta il"), lambda r: timezone.localtime(r.created_at).strftime("%d/%m/%Y %H:%M")),
    (_("Nome"), lambda r: r.first_name),
    (_("Cognome"), lambda r: r.last_name),
    (_("Email"), lambda r: r.email),
    (_("Telefono"), lambda r: r.phone),
    (_("Comune di residenza"), lambda r: r.town),
    (_("Gruppo"), lambda r: r.group.name if r.group else _("Qualsiasi")),
    (_("Situazione lavorativa"), lambda r: r.get_work_situation_display()),
    (_("Stato"), lambda r: r.get_status_display()),
    (_("Messaggio"), lambda r: r.message),
    (_("Come ci ha conosciuti"), lambda r: r.get_heard_from_display()),
    (_("Consenso notizie"), lambda r: _("sì") if r.news_consent else _("no")),
    (_("Gestita da"), lambda r: r.handled_by.get_username() if r.handled_by else ""),
]


@admin.register(SignupRequest)
class SignupRequestAdmin(CoordinatorScopedAdmin):
    form = SignupRequestAdminForm
    list_display = [
        "__str__",
        "group",
        "town",
        "work_situation",
        "status",
        "created_at",
        "handled_by",
    ]
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
        "created_at",
        "privacy_version",
        "privacy_accepted_at",
        "consent_note",
        "group_places",
        "handled_by",
        "handled_at",
        "anonymised_at",
    ]
    actions = ["mark_contacted", "mark_accepted", "mark_waiting", "export_csv"]
    fieldsets = [
        (
            _("Persona"),
            {"fields": ["first_name", "last_name", "email", "phone", "town", "work_situation"]},
        ),
        (
            _("Richiesta"),
            {"fields": ["group", "group_places", "message", "heard_from", "created_at"]},
        ),
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
                    _(
                        "%(group)s: %(accepted)d persone accettate per %(capacity)d posti, "
                        "oltre la capienza del gruppo."
                    )
                    % {"group": group, "accepted": accepted, "capacity": group.capacity},
                    messages.WARNING,
                )

    def save_model(self, request: HttpRequest, obj: SignupRequest, form, change: bool) -> None:
        if not change:
            # Taken by phone or in person: the coordinator read the notice to the person.
            name = request.user.get_full_name() or request.user.get_username()
            obj.record_consent(_("al telefono, dal coordinatore %(name)s") % {"name": name})
        if not change or "status" in form.changed_data:
            obj.note_handling(request.user)
        super().save_model(request, obj, form, change)
        if obj.status == SignupRequest.Status.ACCEPTED and obj.group is not None:
            self.warn_over_capacity(request, {obj.group})

    def _mark(self, request: HttpRequest, queryset: QuerySet[SignupRequest], status: str) -> None:
        for signup in queryset:
            signup.mark(status, request.user)
        if status == SignupRequest.Status.ACCEPTED:
            self.warn_over_capacity(request, {s.group for s in queryset if s.group is not None})
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

    @admin.action(description=_("Esporta le richieste selezionate (CSV per Excel)"))
    def export_csv(self, request: HttpRequest, queryset: QuerySet[SignupRequest]) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        response["Content-Disposition"] = f'attachment; filename="adesioni-{stamp}.csv"'
        # The byte order mark and the semicolon are what Excel in Italian expects.
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        writer.writerow([str(label) for label, _value in CSV_COLUMNS])
        for signup in queryset.select_related("group", "handled_by"):
            writer.writerow([spreadsheet_safe(value(signup)) for _label, value in CSV_COLUMNS])
        return response


def accepted_count(group: Group) -> int:
    return group.signup_requests.filter(status=SignupRequest.Status.ACCEPTED).count()


def places_text(group: Group, accepted: int) -> str:
    """ "3 liberi su 10", or how far beyond capacity the group is."""
    if group.capacity is None:
        return gettext("%(accepted)d accettate, posti non limitati") % {"accepted": accepted}
    free = group.capacity - accepted
    if free < 0:
        return gettext("nessuno: %(over)d oltre i %(capacity)d posti") % {
            "over": -free,
            "capacity": group.capacity,
        }
    return gettext("%(free)d liberi su %(capacity)d") % {"free": free, "capacity": group.capacity}


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

    @admin.display(description=_("posti liberi"))
    def free_places(self, group: Group) -> str:
        return places_text(group, getattr(group, f"requests_{SignupRequest.Status.ACCEPTED}"))

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
