"""The attendance register, ticked on a phone or tablet held during the meeting."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.access import Action, record_people
from meetings.models import Meeting
from signups.models import Attendance, Participant

NOT_STARTED = gettext_lazy(
    "Il registro si compila dall'inizio dell'incontro: prima, chi non può venire lo dice dal "
    "link del promemoria."
)
# Short, so that the three buttons sit side by side on a phone.
CHOICES = [
    (Attendance.Status.PRESENT, gettext_lazy("Presente")),
    (Attendance.Status.ABSENT, gettext_lazy("Assente")),
    (Attendance.Status.APOLOGISED, gettext_lazy("Giustificato/a")),
]


def scoped_meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    """The meeting, if it belongs to one of the user's groups; 404 otherwise."""
    meetings = Meeting.objects.visible_to(request.user)
    return get_object_or_404(meetings.select_related("group"), pk=meeting_id)


class RegisterForm(forms.Form):
    """One radio group per participant; a participant left blank gets no line."""

    def __init__(self, *args, participants: list[Participant], recorded: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = {f"presenza-{p.pk}": p for p in participants}
        for name, participant in self.participants.items():
            self.fields[name] = forms.ChoiceField(
                label=str(participant),
                choices=CHOICES,
                widget=forms.RadioSelect,
                required=False,
                initial=recorded.get(participant.pk),
            )

    def statuses(self) -> dict[int, str]:
        return {
            participant.pk: self.cleaned_data[name]
            for name, participant in self.participants.items()
            if self.cleaned_data.get(name)
        }


@transaction.atomic
def record_register(
    meeting: Meeting, statuses: dict[int, str], user: AbstractBaseUser | None
) -> int:
    """Writes the lines that changed, in one statement; returns how many."""
    recorded = dict(meeting.attendances.order_by().values_list("participant_id", "status"))
    changed = [
        Attendance(meeting=meeting, participant_id=pk, status=status, recorded_by=user)
        for pk, status in statuses.items()
        if recorded.get(pk) != status
    ]
    # An apology arriving from a reminder link at the same moment is overwritten, not lost
    # in an error: the coordinator in the room has the last word.
    Attendance.objects.bulk_create(
        changed,
        update_conflicts=True,
        unique_fields=["meeting", "participant"],
        update_fields=["status", "recorded_by", "recorded_at"],
    )
    return len(changed)


def last_saved(meeting: Meeting) -> datetime.datetime | None:
    return meeting.attendances.exclude(recorded_by=None).aggregate(at=Max("recorded_at"))["at"]


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The register of a meeting that has started: ticked on a phone, saved in one tap.

    Saving the same ticks twice changes nothing, so a page that lost the server's answer
    (a phone going offline) sends them again safely; with JavaScript (static/js/
    register.js) the ticks are kept on the phone until the server says "salvato".
    """
    meeting = scoped_meeting(request, meeting_id)
    participants = list(Participant.objects.on_register_of(meeting))
    if request.method == "GET":  # opened; a save sends back what was opened
        record_people(request, Action.REGISTER_OPENED, participants, f"incontro {meeting.pk}")
    recorded = dict(meeting.attendances.order_by().values_list("participant_id", "status"))
    started = meeting.starts_at <= timezone.now()
    data = request.POST if request.method == "POST" and started else None
    form = RegisterForm(data, participants=participants, recorded=recorded)
    wants_json = "application/json" in request.headers.get("Accept", "")
    if request.method == "POST" and not started:
        if wants_json:
            return JsonResponse({"error": NOT_STARTED}, status=409)
        messages.error(request, NOT_STARTED)
        return redirect("admin:register", meeting_id=meeting.pk)
    if request.method == "POST" and form.is_valid():
        record_register(meeting, form.statuses(), request.user)
        saved_at = timezone.localtime(last_saved(meeting) or timezone.now())
        if wants_json:
            return JsonResponse({"saved_at": saved_at.strftime("%H:%M")})
        messages.success(
            request, _("Registro presenze salvato alle %(time)s.") % {"time": f"{saved_at:%H:%M}"}
        )
        return redirect("admin:register", meeting_id=meeting.pk)
    saved = last_saved(meeting)
    context = {
        **admin.site.each_context(request),
        "title": _("Registro presenze"),
        "meeting": meeting,
        "form": form,
        "started": started,
        "saved_at": timezone.localtime(saved) if saved else None,
        "counts": {
            label: sum(1 for status in recorded.values() if status == value)
            for value, label in CHOICES
        },
    }
    return render(request, "signups/register.html", context)


def sign_in_sheet(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The paper sheet people sign at the door: names only, never contacts."""
    meeting = scoped_meeting(request, meeting_id)
    participants = list(
        Participant.objects.on_register_of(meeting).only("first_name", "last_name", "anonymised_at")
    )
    record_people(request, Action.SIGN_IN_SHEET_OPENED, participants, f"incontro {meeting.pk}")
    context = {
        **admin.site.each_context(request),
        "title": _("Foglio firme"),
        "meeting": meeting,
        "participants": participants,
    }
    return render(request, "signups/sign_in_sheet.html", context)
