import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from amalav.cache import content_version, public_page
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


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    group = get_object_or_404(Group.objects.with_accepted_count(), slug=slug) if slug else None
    closed_group = group if group is not None and not group.accepts_signups else None
    status = 200
    if request.method == "POST":
        form = SignupForm(request.POST)
        if form.is_bot():
            return redirect("groups:signup-thanks")
        if form.is_valid():
            if rate_limited(request):
                form.add_error(
                    None,
                    _(
                        "Abbiamo ricevuto troppe richieste da questa connessione. "
                        "Riprova tra un'ora o telefonaci."
                    ),
                )
                status = 429
            else:
                signup, _created = submit_signup(form)
                url = reverse("groups:signup-thanks")
                if signup.group is not None:
                    url += "?" + urlencode({"gruppo": signup.group.slug})
                return redirect(url)
    else:
        initial = {"submission_token": uuid.uuid4()}
        if group is not None and closed_group is None:
            initial["group"] = group
        form = SignupForm(initial=initial)
    # The empty form's markup (without its tokens) is the same for everybody.
    preselected = form.initial.get("group")
    form_cache_key = f"{content_version()}-{preselected.pk if preselected else ''}"
    return render(
        request,
        "groups/signup.html",
        {
            "form": form,
            "group": group,
            "closed_group": closed_group,
            "form_cache_key": form_cache_key,
        },
        status=status,
    )


@require_GET
def signup_thanks(request: HttpRequest) -> HttpResponse:
    slug = request.GET.get("gruppo", "")
    group = Group.objects.select_related("venue").filter(slug=slug).first() if slug else None
    return render(request, "groups/signup_thanks.html", {"group": group})
