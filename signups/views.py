import contextlib
import uuid
from collections.abc import Callable
from functools import wraps

from django import forms
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from core import links
from core.cache import CAPACITY, GROUPS, PAGES, page_with_slots, public_page
from core.phones import for_people
from groups.models import Group
from meetings.models import Meeting
from signups import services
from signups.forms import SignupForm, SurveyForm
from signups.models import (
    PlaceOffer,
    SignupRequest,
    SurveyInvitation,
    is_full,
    with_accepted_count,
)
from signups.services import SubmissionTokenReused, rate_limited, submit_signup
from signups.services.notices import next_meeting

# The request a visitor just made, for the thank-you page to say what happens next: a
# signed cookie that only that page receives, so a sign-up writes no session row.
THANKED_COOKIE = "adesione"
THANKED_SALT = "signups.thanks"
THANKED_SECONDS = 30 * 60
# The form shows the groups to choose from, whether the chosen one is full, the menu.
SIGNUP_FAMILIES = (GROUPS, CAPACITY, PAGES)
# Each visitor's own, filled in by the page cache.
SIGNUP_TOKENS = {
    "csrf_token": get_token,
    "submission_token": lambda request: str(uuid.uuid4()),
}


def signup_group(slug: str | None) -> tuple[Group | None, Group | None]:
    """The group chosen in the URL, and the same group again if it takes no sign-ups."""
    group = get_object_or_404(with_accepted_count(Group.objects.all()), slug=slug) if slug else None
    closed_group = group if group is not None and not group.accepts_signups else None
    return group, closed_group


def render_signup(
    request: HttpRequest, form: SignupForm, slug: str | None, status: int = 200, **context
) -> HttpResponse:
    group, closed_group = signup_group(slug)
    if not form.is_bound and group is not None and closed_group is None:
        form.initial["group"] = group
    return render(
        request,
        "signups/signup.html",
        {
            "form": form,
            "group": group,
            "closed_group": closed_group,
            "group_is_full": group is not None and is_full(group),
            # Between cycles: the request waits for the next one, and people are told so.
            "between_cycles": group is not None
            and closed_group is None
            and not group.meetings.upcoming().taking_place().exists(),
            **context,
        },
        status=status,
    )


def form_back_during_outage(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A sign-up posted while the database is away gets its form back, not an error page."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except (OperationalError, InterfaceError):
            if request.method != "POST":
                raise
            return outage_signup_page(request)

    return wrapped


@require_http_methods(["GET", "HEAD", "POST"])
@public_page(families=SIGNUP_FAMILIES, fresh_tokens=SIGNUP_TOKENS)
@form_back_during_outage
def signup(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    if request.method != "POST":
        return empty_signup_page(request, slug)
    form = SignupForm(request.POST)
    if form.is_bot():
        return redirect("signups:thanks")
    if not form.is_valid():
        return render_signup(request, form, slug)
    if rate_limited(request):
        form.add_error(
            None,
            _(
                "Abbiamo ricevuto troppe richieste da questa connessione. "
                "Riprova tra un'ora o telefonaci."
            ),
        )
        return render_signup(request, form, slug, status=429)
    fields = {name: form.cleaned_data[name] for name in SignupForm.Meta.fields}
    try:
        signup, _new = submit_signup(fields, form.cleaned_data["submission_token"])
    except SubmissionTokenReused:
        # Nothing about the request that token stored: a fresh token and a plain message.
        data = request.POST.copy()
        data["submission_token"] = str(uuid.uuid4())
        form = SignupForm(data)
        form.is_valid()
        form.add_error(
            None,
            _(
                "Questo modulo è già stato usato per un'altra richiesta. "
                "Ricarica la pagina, controlla i dati e invia di nuovo."
            ),
        )
        return render_signup(request, form, slug, status=409)
    thanks = reverse("signups:thanks")
    url = thanks
    if signup.group is not None:
        url += "?" + urlencode({"gruppo": signup.group.slug})
    response = redirect(url)
    response.set_signed_cookie(
        THANKED_COOKIE,
        signup.pk,
        salt=THANKED_SALT,
        max_age=THANKED_SECONDS,
        path=thanks,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def outage_signup_page(request: HttpRequest) -> HttpResponse:
    """The form back with what was typed, while the database is away.

    Sent again, it carries the same submission token, so it is stored once
    even if the first attempt reached the database.
    """
    form = SignupForm(initial=request.POST.dict())
    # The group list comes from the database: keep the choice without showing it.
    form.fields["group"].widget = forms.HiddenInput()
    response = render(
        request,
        "signups/signup.html",
        {"form": form, "outage": True, "group": None, "closed_group": None},
        status=503,
    )
    response["Retry-After"] = str(settings.OUTAGE_RETRY_SECONDS)
    return response


def empty_signup_page(request: HttpRequest, slug: str | None) -> HttpResponse:
    """The empty form, rendered once per content version with a slot for each visitor's
    tokens, which the page cache fills (core.cache.pages.fill_tokens)."""

    def render_empty(slots: dict[str, str]) -> HttpResponse:
        form = SignupForm(initial={"submission_token": slots["submission_token"]})
        return render_signup(request, form, slug, csrf_token=slots["csrf_token"])

    return page_with_slots(
        f"signup:{slug or ''}",
        render_empty,
        SIGNUP_TOKENS,
        families=SIGNUP_FAMILIES,
    )


@never_cache
@require_safe
def signup_thanks(request: HttpRequest) -> HttpResponse:
    """What happens next, with the next meeting; for a person reachable only by phone, the
    number we will call (from their own signed cookie: never in the address, never cached)."""
    slug = request.GET.get("gruppo", "")
    group = Group.objects.select_related("venue").filter(slug=slug).first() if slug else None
    thanked = request.get_signed_cookie(
        THANKED_COOKIE, default=None, salt=THANKED_SALT, max_age=THANKED_SECONDS
    )
    signup = (
        SignupRequest.objects.filter(pk=thanked, anonymised_at__isnull=True).first()
        if thanked
        else None
    )
    context = {
        "group": group,
        "meeting": next_meeting(group),
        "channels": signup.message_channels() if signup else [],
        "call_at": for_people(signup.phone) if signup and not signup.email else "",
    }
    return render(request, "signups/signup_thanks.html", context)


def refused_link(request: HttpRequest, reason: str = "bad") -> HttpResponse:
    return render(request, "signups/bad_link.html", {"reason": reason}, status=400)


# The links in messages. The GET only asks and the POST acts, so a mail scanner opening a
# link changes nothing. No CSRF check: what a link does is bound to its signed code, and
# mail programs send RFC 8058's one-click unsubscribe as a POST without cookies.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def link(request: HttpRequest, code: str) -> HttpResponse:
    try:
        kind, numbers, issued = links.read(code)
        if kind == services.links.APOLOGY:
            return apology(request, *services.read_apology(numbers))
        if kind == services.links.STOP_REMINDERS:
            return stop_reminders_page(request, services.read_stop_reminders(numbers, issued))
        if kind == services.links.SURVEY:
            return survey_page(request, services.read_survey(numbers, issued))
        if kind == services.links.PLACE_OFFER:
            return place_offer_page(request, services.read_offer(numbers))
    except (links.BadLink, ValueError):
        return refused_link(request)
    except services.LinkRefused as refusal:
        return refused_link(request, refusal.reason)
    return refused_link(request)


def apology(request: HttpRequest, meeting: Meeting, participant: SignupRequest) -> HttpResponse:
    # A meeting called off after the reminder: nobody to excuse oneself to, only the news.
    done = request.method == "POST" and not meeting.is_cancelled
    if done:
        services.record_apology(meeting, participant)
    return render(
        request,
        "signups/apology.html",
        {"meeting": meeting, "participant": participant, "done": done},
    )


def stop_reminders_page(request: HttpRequest, participant: SignupRequest) -> HttpResponse:
    done = request.method == "POST"
    if done:
        services.stop_reminders(participant)
    return render(
        request, "signups/stop_reminders.html", {"participant": participant, "done": done}
    )


# A form a person fills in, unlike the one-button links above: the usual CSRF check.
@csrf_protect
def survey_page(request: HttpRequest, invitation: SurveyInvitation) -> HttpResponse:
    if invitation.answered:
        return render(request, "signups/survey.html", {"invitation": invitation, "done": True})
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        # The same form posted twice: its first answers stand.
        with contextlib.suppress(services.AlreadyAnswered):
            services.record_answer(invitation, **form.cleaned_data)
        return render(request, "signups/survey.html", {"invitation": invitation, "done": True})
    return render(
        request,
        "signups/survey.html",
        {"invitation": invitation, "form": form, "done": False},
        status=400 if form.is_bound else 200,
    )


def place_offer_page(request: HttpRequest, offer: PlaceOffer) -> HttpResponse:
    """A free place offered from the waiting list: "Sì, lo voglio" or "No, grazie"."""
    answer = request.POST.get("risposta") if request.method == "POST" else None
    if answer == "si":
        services.accept_offer(offer.pk)
    elif answer == "no":
        services.decline_offer(offer.pk)
    return render(
        request,
        "signups/place_offer.html",
        {
            "offer": offer,
            "group": offer.group,
            "answer": answer if answer in ("si", "no") else None,
        },
    )
