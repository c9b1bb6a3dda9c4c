"""Writing to a whole group, or to one meeting's participants: write, preview, send."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import sms
from core.people import PersonFields
from groups.models import Group
from meetings.models import Meeting
from signups.admin.common import channel_summary
from signups.models import SignupRequest
from signups.services import group_messages
from signups.services.channels import text as short_text


class GroupMessageForm(PersonFields, forms.Form):
    subject = forms.CharField(
        label=gettext_lazy("Oggetto"),
        max_length=120,
        help_text=gettext_lazy("Per esempio: porta il curriculum al prossimo incontro."),
    )
    message = forms.CharField(
        label=gettext_lazy("Messaggio"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "Arriva a ciascuno come preferisce: per email, per SMS (tra le 9 e le 20) o con "
            "una tua telefonata. Non scrivere dati personali di altri partecipanti."
        ),
    )


def write_to_group(request: HttpRequest, group_id: int) -> HttpResponse:
    """Write, preview, send: the message goes by each person's channel."""
    if not request.user.has_perm("signups.change_signuprequest"):
        raise PermissionDenied
    group = get_object_or_404(Group.objects.coordinated_by(request.user), pk=group_id)
    meeting = None
    if request.GET.get("incontro"):
        meeting = get_object_or_404(group.meetings, pk=request.GET["incontro"])
    people = group_messages.audience(group, meeting)
    form = GroupMessageForm(request.POST or None)
    acting = request.method == "POST" and "edit" not in request.POST
    if acting and form.is_valid():
        fits_a_text(form, group, people)
    if acting and form.is_valid():
        subject, text = form.cleaned_data["subject"], form.cleaned_data["message"]
        if "send" in request.POST:
            sent = group_messages.message_group(group, subject, text, request.user, meeting)
            messages.success(request, channel_summary(_("Messaggio in partenza"), sent))
            return HttpResponseRedirect(reverse("admin:index"))
        return preview(request, group, meeting, form, people)
    context = {
        "title": _("Scrivi al gruppo %(group)s") % {"group": group.name},
        "group": group,
        "meeting": meeting,
        "form": form,
        "count": len(people),
        "opts": SignupRequest._meta,
    }
    return TemplateResponse(request, "admin/signups/group_message.html", context)


def fits_a_text(form: GroupMessageForm, group: Group, people: list[SignupRequest]) -> None:
    """A message people get by SMS must fit the parts an SMS may take (SMS_MAX_SEGMENTS)."""
    if not group_messages.channels_of(people)["sms"]:
        return
    words = short_text("group-message", {"group": group, "text": form.cleaned_data["message"]})
    parts, most = sms.segments(sms.sms_text(words)).parts, settings.SMS_MAX_SEGMENTS
    if parts > most:
        form.add_error(
            "message",
            _(
                "Troppo lungo per chi lo riceve per SMS: sarebbero %(parts)d messaggi, al "
                "massimo %(most)d. Accorcialo (circa %(chars)d caratteri)."
            )
            % {
                "parts": parts,
                "most": settings.SMS_MAX_SEGMENTS,
                "chars": 150 * settings.SMS_MAX_SEGMENTS,
            },
        )


def preview(
    request: HttpRequest,
    group: Group,
    meeting: Meeting | None,
    form: GroupMessageForm,
    people: list[SignupRequest],
) -> HttpResponse:
    """How the message reads by email and by SMS, and who gets it how."""
    sample = SignupRequest(first_name=_("Maria"), group=group)
    context = {
        "subject": form.cleaned_data["subject"],
        "text": form.cleaned_data["message"],
        "author": request.user,
        "group": group,
        "signup": sample,
        "meeting": meeting,
    }
    return TemplateResponse(
        request,
        "admin/signups/group_message_preview.html",
        {
            "title": _("Anteprima del messaggio a %(group)s") % {"group": group.name},
            "group": group,
            "meeting": meeting,
            "form": form,
            "sms": short_text("group-message", context),
            "email_subject": f"{group.name}: {form.cleaned_data['subject']}",
            "email_text": form.cleaned_data["message"],
            "channels": group_messages.channels_of(people),
            "count": len(people),
            "opts": SignupRequest._meta,
        },
    )
