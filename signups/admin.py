import datetime

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from post_office.models import STATUS, Email

from accounts.access import Action, exported, records_opening
from core import emails
from core.phones import tel_href
from groups.admin import CoordinatorScopedAdmin
from groups.models import Group
from meetings.models import Meeting
from signups import services
from signups.exports import csv_bytes, xlsx_bytes
from signups.forms import ParticipantAdminForm, SignupRequestAdminForm, WithdrawForm
from signups.models import Attendance, Participant, SentEmail, SignupRequest

EMAIL_STATUS = {
    STATUS.queued: _("in coda"),
    STATUS.requeued: _("in coda, nuovo tentativo"),
    STATUS.sent: _("inviata"),
    STATUS.failed: _("non inviata"),
}


def email_error(email: Email) -> str:
    """The last delivery error of a message not (yet) sent."""
    if email.status == STATUS.sent:
        return ""
    failures = [log for log in email.logs.all() if log.status == STATUS.failed]
    if not failures:
        return ""
    last = max(failures, key=lambda log: log.date)
    return f"{last.exception_type}: {last.message}"


@admin.register(SignupRequest)
@records_opening(Action.REQUEST_OPENED)
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
        "consent_note",
        "group_places",
        "handled_by",
        "handled_at",
        "anonymised_at",
        "emails_sent",
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
        (_("Email"), {"fields": ["emails_sent"]}),
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
        was_participant = change and SignupRequest.objects.get(pk=obj.pk).is_participant
        if not change or "status" in form.changed_data:
            obj.note_handling(request.user)
        super().save_model(request, obj, form, change)
        if obj.is_participant and not was_participant:
            services.welcome(obj)
        if obj.status == SignupRequest.Status.ACCEPTED and obj.group is not None:
            self.warn_over_capacity(request, {obj.group})

    @admin.display(description=_("email mandate alla persona"))
    def emails_sent(self, signup: SignupRequest) -> str:
        """Every message written to the person, with what became of it."""
        if signup.pk is None:
            return "-"
        sent = signup.emails.select_related("email").prefetch_related("email__logs")
        rows = [
            (
                timezone.localtime(item.email.created).strftime("%d/%m/%Y %H:%M"),
                item.email.subject,
                EMAIL_STATUS.get(item.email.status, "-"),
                email_error(item.email),
                self.resend_button(item),
            )
            for item in sent
        ]
        if not rows:
            return _("Nessuna email.")
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th></th></tr></thead>"
            "<tbody>{}</tbody></table>",
            _("accodata il"),
            _("oggetto"),
            _("stato"),
            _("errore"),
            format_html_join(
                "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows
            ),
        )

    def resend_button(self, sent: SentEmail) -> str:
        if sent.email.status != STATUS.failed:
            return ""
        # A button of the change form posting to its own URL: no form inside a form.
        url = reverse("admin:signups_signuprequest_resend", args=[sent.signup_id, sent.pk])
        return format_html(
            '<button type="submit" formaction="{}" formnovalidate>{}</button>',
            url,
            _("Invia di nuovo"),
        )

    def resend_email(self, request: HttpRequest, pk: int, sent_pk: int) -> HttpResponse:
        """Queues a failed message again; only a POST from the request's own page does it."""
        signup = self.get_object(request, str(pk))
        if (
            request.method != "POST"
            or signup is None
            or not self.has_change_permission(request, signup)
        ):
            return HttpResponse(status=405 if request.method != "POST" else 404)
        sent = get_object_or_404(
            SentEmail.objects.select_related("email"), pk=sent_pk, signup=signup
        )
        if sent.email.status == STATUS.failed:
            emails.requeue(sent.email)
            self.message_user(
                request,
                _("L'email «%(subject)s» è di nuovo in coda: partirà entro un minuto.")
                % {"subject": sent.email.subject},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:signups_signuprequest_change", args=[pk]))

    def _mark(self, request: HttpRequest, queryset: QuerySet[SignupRequest], status: str) -> None:
        if status == SignupRequest.Status.ACCEPTED:
            services.accept(queryset.select_related("group"), request.user)
            self.warn_over_capacity(request, {s.group for s in queryset if s.group is not None})
        else:
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

    @admin.action(description=_("Segna come accettate (e manda il benvenuto)"))
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
        return format_html('<a href="{}">{}</a>', tel_href(signup.phone), signup.phone)

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
                "<int:pk>/email/<int:sent_pk>/reinvia/",
                view(self.resend_email),
                name="signups_signuprequest_resend",
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
        return self.spreadsheet_response(
            csv_bytes(exported(request, self.filtered_requests(request))), "csv"
        )

    def export_list_xlsx(self, request: HttpRequest) -> HttpResponse:
        return self.spreadsheet_response(
            xlsx_bytes(exported(request, self.filtered_requests(request))), "xlsx"
        )

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
            csv_bytes(exported(request, queryset.select_related("group", "handled_by"))), "csv"
        )

    @admin.action(description=_("Esporta le richieste selezionate (Excel)"))
    def export_xlsx(self, request: HttpRequest, queryset: QuerySet[SignupRequest]) -> HttpResponse:
        return self.spreadsheet_response(
            xlsx_bytes(exported(request, queryset.select_related("group", "handled_by"))), "xlsx"
        )


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


@admin.register(Participant)
@records_opening(Action.PARTICIPANT_OPENED)
class ParticipantAdmin(CoordinatorScopedAdmin):
    """The people of each group: call or write with one tap, add walk-ins, record leavers."""

    form = ParticipantAdminForm
    list_display = [
        "__str__",
        "group",
        "phone_link",
        "email_link",
        "presences",
        "accepted_at",
        "withdrawn_at",
    ]
    list_filter = [
        ("group", admin.RelatedOnlyFieldListFilter),
        ("withdrawn_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["first_name", "last_name", "email", "phone"]
    list_select_related = ["group"]
    actions = ["withdraw"]
    readonly_fields = ["accepted_at", "withdrawn_at", "withdrawal_reason"]
    fieldsets = [
        (
            _("Persona"),
            {"fields": ["first_name", "last_name", "email", "phone", "town", "work_situation"]},
        ),
        (_("Gruppo"), {"fields": ["group", "heard_from", "internal_notes"]}),
        (_("Partecipazione"), {"fields": ["accepted_at", "withdrawn_at", "withdrawal_reason"]}),
    ]

    class Media:
        # Printed from the browser, the filtered list is the group's phone list.
        css = {"print": ["css/admin-print.css"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Participant]:
        present = Q(attendances__status=Attendance.Status.PRESENT)
        return (
            super().get_queryset(request).annotate(presences=Count("attendances", filter=present))
        )

    @admin.display(description=_("presenze"), ordering="presences")
    def presences(self, participant: Participant) -> int:
        return participant.presences

    def get_fieldsets(self, request: HttpRequest, obj: Participant | None = None):
        return self.fieldsets if obj else self.fieldsets[:2]

    def save_model(self, request: HttpRequest, obj: Participant, form, change: bool) -> None:
        if not change:
            # A person who phoned or turned up: the coordinator read them the privacy notice.
            name = request.user.get_full_name() or request.user.get_username()
            obj.record_consent(
                _("di persona o al telefono, dal coordinatore %(name)s") % {"name": name}
            )
            obj.status = SignupRequest.Status.ACCEPTED
            obj.note_handling(request.user)
        super().save_model(request, obj, form, change)

    @admin.display(description=_("telefono"), ordering="phone")
    def phone_link(self, participant: Participant) -> str:
        if not participant.phone:
            return "-"
        return format_html('<a href="{}">{}</a>', tel_href(participant.phone), participant.phone)

    @admin.display(description=_("email"), ordering="email")
    def email_link(self, participant: Participant) -> str:
        if not participant.email:
            return "-"
        return format_html('<a href="mailto:{}">{}</a>', participant.email, participant.email)

    @admin.action(description=_("Segna come ritirati/e dal gruppo"), permissions=["change"])
    def withdraw(
        self, request: HttpRequest, queryset: QuerySet[Participant]
    ) -> TemplateResponse | None:
        staying = queryset.filter(withdrawn_at__isnull=True)
        form = WithdrawForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            for participant in staying:
                participant.withdraw(request.user, form.cleaned_data["reason"])
            self.message_user(
                request,
                ngettext(
                    "%(count)d partecipante segnato/a come ritirato/a.",
                    "%(count)d partecipanti segnati/e come ritirati/e.",
                    len(staying),
                )
                % {"count": len(staying)},
                messages.SUCCESS,
            )
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


class MeetingRegisterAdminMixin:
    """The meetings list's "Registro presenze" link (see amalav/admin.py)."""

    @admin.display(description=_("registro"))
    def register_link(self, meeting: Meeting) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:register", args=[meeting.pk]),
            _("Registro presenze"),
        )


class MeetingNoticesAdminMixin:
    """The meetings admin's side of participants (see amalav/admin.py): a notice to each of
    them when a meeting moves or is cancelled, and who has apologised for it."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Meeting]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                apology_count=Count(
                    "attendances",
                    filter=Q(attendances__status=Attendance.Status.APOLOGISED),
                )
            )
        )

    @admin.display(description=_("giustificati"), ordering="apology_count")
    def apologies(self, meeting: Meeting) -> int:
        return meeting.apology_count

    @admin.display(description=_("hanno detto che non possono venire"))
    def apology_names(self, meeting: Meeting) -> str:
        names = [
            str(attendance.participant)
            for attendance in meeting.attendances.filter(
                status=Attendance.Status.APOLOGISED
            ).select_related("participant")
        ]
        return ", ".join(names) or "-"

    def save_model(self, request: HttpRequest, obj: Meeting, form, change: bool) -> None:
        previous = Meeting.objects.get(pk=obj.pk) if change else None
        super().save_model(request, obj, form, change)
        if previous is None:
            return
        if obj.is_cancelled and not previous.is_cancelled:
            self.notify(request, obj)
        elif not obj.is_cancelled and obj.starts_at != previous.starts_at:
            self.notify(request, obj, previous.starts_at)

    def cancel_meeting(self, request: HttpRequest, meeting: Meeting, reason: str) -> None:
        super().cancel_meeting(request, meeting, reason)
        self.notify(request, meeting)

    def notify(
        self,
        request: HttpRequest,
        meeting: Meeting,
        previous_start: datetime.datetime | None = None,
    ) -> None:
        count = services.notify_meeting_change(meeting, previous_start)
        if count:
            self.message_user(
                request,
                ngettext(
                    "%(meeting)s: avviso accodato per %(count)d partecipante.",
                    "%(meeting)s: avviso accodato per %(count)d partecipanti.",
                    count,
                )
                % {"meeting": meeting, "count": count},
                messages.INFO,
            )
