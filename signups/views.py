import uuid

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.cache import PUBLIC_PAGE_SECONDS, content_version
from groups.models import Group
from signups.forms import SignupForm
from signups.models import is_full, with_accepted_count
from signups.services import SubmissionTokenReused, rate_limited, submit_signup

# Stand-ins for the only two values of the empty form that differ between visitors.
CSRF_SLOT = "csrf-token-slot"
SUBMISSION_SLOT = "submission-token-slot"


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
            **context,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    if request.method == "GET":
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


def empty_signup_page(request: HttpRequest, slug: str | None) -> HttpResponse:
    """Renders the empty form once per content version; each visitor gets fresh tokens."""
    key = f"signup-page:{content_version()}:{slug or ''}"
    html = cache.get(key)
    if html is None:
        form = SignupForm(initial={"submission_token": SUBMISSION_SLOT})
        html = render_signup(request, form, slug, csrf_token=CSRF_SLOT).content.decode()
        cache.set(key, html, PUBLIC_PAGE_SECONDS)
    html = html.replace(CSRF_SLOT, get_token(request))
    return HttpResponse(html.replace(SUBMISSION_SLOT, str(uuid.uuid4())))


@require_GET
def signup_thanks(request: HttpRequest) -> HttpResponse:
    slug = request.GET.get("gruppo", "")
    group = Group.objects.select_related("venue").filter(slug=slug).first() if slug else None
    return render(request, "signups/signup_thanks.html", {"group": group})
