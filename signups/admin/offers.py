"""The waiting list on a request's page: each place offered, until when, what became of it,
and the coordinator's override (offer the place now, take an offer back)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.dates import admin_moment
from signups import services
from signups.admin.common import offered_text
from signups.models import PlaceOffer, SignupRequest


def offers_table(signup: SignupRequest) -> str:
    """Every place offered to the person: when, until when, by whom, and the outcome."""
    offers = list(signup.offers.select_related("group", "offered_by", "closed_by"))
    rows = [
        (
            offer.group.name,
            admin_moment(offer.offered_at),
            admin_moment(offer.expires_at),
            offer.offered_by or _("in automatico"),
            offer.get_status_display(),
            admin_moment(offer.closed_at),
        )
        for offer in offers
    ]
    buttons = offer_buttons(signup, offers)
    if not rows:
        return format_html("{} {}", _("Nessun posto offerto."), buttons)
    return format_html(
        "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
        "</tr></thead><tbody>{}</tbody></table>{}",
        _("gruppo"),
        _("offerto il"),
        _("scade il"),
        _("offerto da"),
        _("esito"),
        _("chiuso il"),
        format_html_join(
            "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows
        ),
        buttons,
    )


def offer_buttons(signup: SignupRequest, offers: list[PlaceOffer]) -> str:
    """One click on the request's page: offer the place now, or take the open offer back."""
    # The buttons submit the change form (and its CSRF token) to the views below.
    if any(offer.status == PlaceOffer.Status.OPEN for offer in offers):
        url = reverse("admin:signups_signuprequest_cancel_offer", args=[signup.pk])
        label = _("Annulla l'offerta")
    elif signup.group_id is not None and signup.status == SignupRequest.Status.WAITING:
        url = reverse("admin:signups_signuprequest_offer", args=[signup.pk])
        label = _("Offri il posto ora")
    else:
        return ""
    return format_html(
        '<p><button type="submit" class="button" formaction="{}">{}</button></p>', url, label
    )


def offer_now(modeladmin, request: HttpRequest, signups: QuerySet[SignupRequest]) -> None:
    """The coordinator's override: each chosen person is offered the place at once."""
    made, refused = [], []
    for signup in signups.select_related("group"):
        try:
            offer, replaced = services.offer_place(signup, request.user)
        except services.NoPlace:
            refused.append(str(signup))
            continue
        made.append(offer)
        if replaced is not None:
            modeladmin.message_user(
                request,
                _(
                    "Il posto offerto a %(person)s passa a %(other)s: "
                    "telefona a %(person)s per dirglielo."
                )
                % {"person": replaced.signup, "other": signup},
                messages.WARNING,
            )
    if made:
        modeladmin.message_user(request, offered_text(made), messages.SUCCESS)
    if refused:
        modeladmin.message_user(
            request,
            _(
                "Nessun posto da offrire a %(names)s: il gruppo è al completo, oppure la "
                "persona è già tra i partecipanti o non ha scelto un gruppo."
            )
            % {"names": ", ".join(refused)},
            messages.ERROR,
        )


def cancel_offer(modeladmin, request: HttpRequest, signups: QuerySet[SignupRequest]) -> None:
    """The coordinator takes the open offers back; each place goes to the next in line."""
    offers = PlaceOffer.objects.open().filter(signup__in=signups)
    count = len(offers)
    moved = services.cancel_offers(list(offers), request.user)
    modeladmin.message_user(
        request,
        ngettext("%(count)d offerta annullata.", "%(count)d offerte annullate.", count)
        % {"count": count},
        messages.SUCCESS,
    )
    if moved:
        modeladmin.message_user(request, offered_text(moved), messages.INFO)


class PlaceOfferActions:
    """The coordinator's override of the waiting list on the requests' admin: two list
    actions and the same two as buttons on a request's page (its URLs name the views)."""

    @admin.action(description=gettext_lazy("Offri il posto ora"), permissions=["change"])
    def offer_place_now(self, request: HttpRequest, queryset: QuerySet[SignupRequest]) -> None:
        offer_now(self, request, queryset)

    @admin.action(description=gettext_lazy("Annulla l'offerta del posto"), permissions=["change"])
    def cancel_place_offer(self, request: HttpRequest, queryset: QuerySet[SignupRequest]) -> None:
        cancel_offer(self, request, queryset)

    def offer_view(self, request: HttpRequest, pk: int, act=offer_now) -> HttpResponse:
        """The buttons on the request's page: the same override as the list's actions."""
        if request.method != "POST":
            return HttpResponse(status=405)
        signup = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, signup):
            raise PermissionDenied
        act(self, request, self.get_queryset(request).filter(pk=pk))
        return HttpResponseRedirect(reverse("admin:signups_signuprequest_change", args=[pk]))

    def cancel_offer_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.offer_view(request, pk, act=cancel_offer)
