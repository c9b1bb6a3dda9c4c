"""The messages to and about a person in the admin: what became of each, sending one
again to a corrected address, and the calls a coordinator marks done."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.dates import admin_moment
from core.models import Message
from core.people import phone_field
from signups import services
from signups.models import SentMessage, SignupRequest


def status_text(message: Message) -> str:
    if message.channel == Message.Channel.CALL:
        return _("da chiamare") if message.is_waiting else _("chiamata fatta")
    return message.get_status_display()


def messages_table(signup: SignupRequest, resend: bool = True) -> str:
    """Every message to the person and about their request, with what became of it
    (and, where the request's page shows it, a link to send a failed one again)."""
    sent = SentMessage.objects.filter(signup=signup).select_related("message")
    rows = [
        (
            admin_moment(item.message.created_at),
            item.message.get_channel_display(),
            item.get_role_display(),
            item.message.subject or item.message.body[:80],
            status_text(item.message),
            item.message.explanation,
            format_html("<td>{}</td>", resend_link(item)) if resend else "",
        )
        for item in sent
    ]
    if not rows:
        return _("Nessun messaggio.")
    # A header for every column, the links' one read only by screen readers.
    last = format_html('<th><span class="visually-hidden">{}</span></th>', _("rinvio"))
    return format_html(
        "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
        "{}</tr></thead><tbody>{}</tbody></table>",
        _("accodato il"),
        _("canale"),
        _("a chi"),
        _("messaggio"),
        _("stato"),
        _("cosa è successo"),
        last if resend else "",
        format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>{}</tr>",
            rows,
        ),
    )


def resend_link(sent: SentMessage) -> str:
    if sent.message.status != Message.Status.FAILED:
        return ""
    url = reverse("admin:signups_signuprequest_resend", args=[sent.signup_id, sent.pk])
    return format_html('<a href="{}">{}</a>', url, _("Correggi e invia di nuovo"))


class ResendForm(forms.Form):
    """The address or number a failed message goes to, to correct before sending again."""

    def __init__(self, *args, channel: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if channel == Message.Channel.EMAIL:
            self.fields["to"] = forms.EmailField(label=_("Indirizzo email"))
        else:
            self.fields["to"] = phone_field(label=_("Numero di cellulare"), required=True)


def resend_view(request: HttpRequest, signup: SignupRequest, sent_pk: int) -> HttpResponse:
    """Shows the failed message's address (to correct), then queues it again."""
    sent = get_object_or_404(
        SentMessage.objects.select_related("message"),
        pk=sent_pk,
        signup=signup,
        message__status=Message.Status.FAILED,
    )
    form = ResendForm(
        request.POST or None,
        channel=sent.message.channel,
        initial={"to": sent.message.to},
    )
    back = reverse("admin:signups_signuprequest_change", args=[signup.pk])
    if request.method == "POST" and form.is_valid():
        services.resend(sent, str(form.cleaned_data["to"]), request.user)
        messages.success(
            request,
            _("Il messaggio «%(subject)s» è di nuovo in coda: partirà entro un minuto.")
            % {"subject": sent.message.subject or sent.message.body[:40]},
        )
        return HttpResponseRedirect(back)
    context = {
        "title": _("Invia di nuovo"),
        "sent": sent,
        "form": form,
        "back": back,
        "opts": SignupRequest._meta,
    }
    return TemplateResponse(request, "admin/signups/signuprequest/resend.html", context)


@require_POST
def call_done(request: HttpRequest, pk: int) -> HttpResponse:
    """A coordinator made a call on the list: it leaves the list, with who and when."""
    sent = get_object_or_404(
        SentMessage.objects.visible_to(request.user).select_related("message"),
        message__pk=pk,
        message__channel=Message.Channel.CALL,
    )
    if not request.user.has_perm("signups.change_signuprequest"):
        raise PermissionDenied
    services.mark_called(sent.message, request.user)
    messages.success(
        request, _("Telefonata a %(person)s segnata come fatta.") % {"person": sent.signup}
    )
    back = request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("admin:index")
    return HttpResponseRedirect(back)
