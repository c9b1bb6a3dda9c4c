import uuid
from collections.abc import Callable
from functools import wraps

from django import forms
from django.core import signing
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from core.cache import page_with_fresh_tokens
from groups.models import Group
from signups.forms import SignupForm
from signups.models import is_full, with_accepted_count
from signups.services import (
    SubmissionTokenReused,
    rate_limited,
    read_apology_token,
    read_stop_reminders_token,
    record_apology,
    submit_signup,
)

# How long people are asked to wait when the database is away.
OUTAGE_RETRY_SECONDS = 120


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
    url = reverse("signups:thanks")
    if signup.group is not None:
        url += "?" + urlencode({"gruppo": signup.group.slug})
    return redirect(url)


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
    response["Retry-After"] = str(OUTAGE_RETRY_SECONDS)
    return response


def empty_signup_page(request: HttpRequest, slug: str | None) -> HttpResponse:
    """The empty form, rendered once per content version; each visitor gets own tokens."""

    def render_empty(slots: dict[str, str]) -> HttpResponse:
        form = SignupForm(initial={"submission_token": slots["submission_token"]})
        return render_signup(request, form, slug, csrf_token=slots["csrf_token"])

    return page_with_fresh_tokens(
        request,
        f"signup:{slug or ''}",
        render_empty,
        {"csrf_token": lambda: get_token(request), "submission_token": lambda: str(uuid.uuid4())},
    )


@require_safe
def signup_thanks(request: HttpRequest) -> HttpResponse:
    slug = request.GET.get("gruppo", "")
    group = Group.objects.select_related("venue").filter(slug=slug).first() if slug else None
    return render(request, "signups/signup_thanks.html", {"group": group})


def bad_link(request: HttpRequest, error: signing.BadSignature) -> HttpResponse:
    expired = isinstance(error, signing.SignatureExpired)
    return render(request, "signups/bad_link.html", {"expired": expired}, status=400)


# Links in emails: the GET only asks, the POST acts, so a mail scanner opening the link
# changes nothing.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def apology(request: HttpRequest, token: str) -> HttpResponse:
    try:
        meeting, participant = read_apology_token(token)
    except signing.BadSignature as error:
        return bad_link(request, error)
    done = request.method == "POST"
    if done:
        record_apology(meeting, participant)
    return render(
        request,
        "signups/apology.html",
        {"meeting": meeting, "participant": participant, "done": done},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def stop_reminders(request: HttpRequest, token: str) -> HttpResponse:
    try:
        participant = read_stop_reminders_token(token)
    except signing.BadSignature as error:
        return bad_link(request, error)
    done = request.method == "POST"
    if done:
        participant.stop_reminders()
    return render(
        request, "signups/stop_reminders.html", {"participant": participant, "done": done}
    )
