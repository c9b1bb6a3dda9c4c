import uuid

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from amalav.cache import page_with_fresh_tokens, public_page
from groups.forms import SignupForm
from groups.models import Group
from groups.services import rate_limited, submit_signup
from meetings.jsonld import meetings_jsonld


@require_GET
@public_page
def group_list(request: HttpRequest) -> HttpResponse:
    groups = Group.objects.select_related("venue").order_by("town", "name")
    return render(request, "groups/group_list.html", {"groups": groups})


@require_GET
@public_page
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(Group.objects.select_related("venue"), slug=slug)
    # The related manager hands each meeting this same group: no query per meeting.
    meetings = list(group.meetings.select_related("venue").order_by("starts_at"))
    upcoming = [m for m in meetings if not m.is_past]
    next_meeting = next((m for m in upcoming if not m.is_cancelled), None)
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "meetings": meetings,
            "next_meeting": next_meeting,
            "jsonld": meetings_jsonld(request, upcoming),
            "press_items": group.press_items.published()[:5],
        },
    )


def signup_group(slug: str | None) -> tuple[Group | None, Group | None]:
    """The group chosen in the URL, and the same group again if it takes no sign-ups."""
    group = get_object_or_404(Group.objects.with_accepted_count(), slug=slug) if slug else None
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
        "groups/signup.html",
        {"form": form, "group": group, "closed_group": closed_group, **context},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    if request.method == "GET":
        return empty_signup_page(request, slug)
    form = SignupForm(request.POST)
    if form.is_bot():
        return redirect("groups:signup-thanks")
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
    signup, _created = submit_signup(form)
    url = reverse("groups:signup-thanks")
    if signup.group is not None:
        url += "?" + urlencode({"gruppo": signup.group.slug})
    return redirect(url)


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


@require_GET
def signup_thanks(request: HttpRequest) -> HttpResponse:
    slug = request.GET.get("gruppo", "")
    group = Group.objects.select_related("venue").filter(slug=slug).first() if slug else None
    return render(request, "groups/signup_thanks.html", {"group": group})
