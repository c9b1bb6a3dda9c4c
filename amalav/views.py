import functools
import re
from collections.abc import Callable

from django.conf import settings
from django.contrib.flatpages import views as flatpage_views
from django.contrib.sitemaps import views as sitemap_views
from django.db import DatabaseError, connection
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from accounts import lockout
from core.cache import (
    ALL,
    GROUPS,
    PAGES,
    PRESS,
    cache_available,
    kept_per_content_version,
    per_content_version,
    public_page,
)
from core.db import deadline
from groups import towns
from groups.models import Group
from meetings.jsonld import meetings_jsonld
from meetings.links import subscription_links
from meetings.models import Meeting, with_first_meeting
from meetings.services import schedule_epoch
from press.models import PressAttachment, PressItem
from signups.models import Participant

HOME_FEATURED = 3
PRESS_PAGE_RELEASES = 5
PRESS_PAGE_PHOTOS = 6
# The load balancer's health check waits 2 s; a frozen database must not outlast it,
# even behind a few requests refused a database slot (core.db.request_slot).
HEALTHZ_SECONDS = 1.0


def with_next_meetings(groups: QuerySet[Group]) -> QuerySet[Group]:
    """Each group's meetings still to come, in `next_meetings`: the first one is shown.

    A group with none is between cycles; it never shows a date already past.
    """
    return groups.select_related("venue").prefetch_related(
        Prefetch(
            "meetings",
            Meeting.objects.upcoming().taking_place().select_related("venue"),
            to_attr="next_meetings",
        )
    )


@require_safe
@public_page(families=(GROUPS, PRESS, PAGES))
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {
            "schedule": schedule_epoch(),
            "featured": PressItem.objects.featured()[:HOME_FEATURED],
            "open_groups": with_next_meetings(Group.objects.accepting_signups().in_order()),
            "comuni": towns.comuni(),
        },
    )


# The catalogue's pages show each group with its calendar and press: they sit up here,
# above the groups, meetings and press apps they draw on.
@require_safe
@public_page(params=("comune",), families=(GROUPS, PAGES))
def group_list(request: HttpRequest) -> HttpResponse:
    """Every group; with ?comune=, the groups taking requests from the nearest to the farthest.

    A plain GET form, so it works without JavaScript; static/js/dove-abiti.js sorts the
    same list as she types.
    """
    typed = request.GET.get("comune", "").strip()[:100]
    chosen = towns.find(typed) if typed else None
    groups = SimpleLazyObject(lambda: list(with_next_meetings(Group.objects.in_order())))

    context = {
        "groups": groups,
        "nearby": SimpleLazyObject(
            lambda: towns.nearby((g for g in groups if g.accepts_signups), chosen)
        ),
        "chosen": chosen,
        "typed": typed,
        "not_found": bool(typed) and chosen is None,
        "comuni": towns.comuni(),
        "map": SimpleLazyObject(lambda: towns.province_map((g.town for g in groups), chosen)),
        "schedule": schedule_epoch(),
    }
    return render(request, "groups/group_list.html", context)


@require_safe
@public_page(families=(GROUPS, PRESS, PAGES))
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(
        with_first_meeting(Group.objects.all()).select_related("venue", "phase"), slug=slug
    )
    # The related manager hands each meeting this same group: no query per meeting. Read
    # only when the page's pieces are not already rendered for this schedule (core.cache);
    # their links are absolute, so they vary on the host asked for too.
    meetings = SimpleLazyObject(
        lambda: list(group.meetings.select_related("venue").order_by("starts_at"))
    )
    upcoming = SimpleLazyObject(lambda: [m for m in meetings if not m.is_past])
    next_meeting = SimpleLazyObject(lambda: next((m for m in upcoming if not m.is_cancelled), None))
    schedule, origin = schedule_epoch(), request.build_absolute_uri("/")
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "meetings": meetings,
            "next_meeting": next_meeting,
            # A start date already past is the last cycle's, not shown as this one's.
            "today": timezone.localdate(),
            "schedule": schedule,
            "origin": origin,
            "jsonld": per_content_version(
                "group-jsonld",
                lambda: meetings_jsonld(request, upcoming),
                schedule,
                origin,
                slug,
                families=[GROUPS],
            ),
            "press_items": group.press_items.published()[:5],
            "calendar_links": subscription_links(
                request, reverse("meetings:group-feed", args=[group.slug])
            ),
        },
    )


def press_figures() -> dict[str, int]:
    """The fact sheet's live figures, counted in the database each time the page renders."""
    figures = Group.objects.aggregate(groups=Count("pk"), towns=Count("town", distinct=True))
    figures["meetings_held"] = Meeting.objects.past().taking_place().count()
    figures["participants"] = Participant.objects.count()
    return figures


@require_safe
# Its fact sheet counts groups, meetings held and participants: every family.
@public_page(families=ALL)
def press_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "press_page.html",
        {
            # Counted each time; the rest of the page is kept per content version.
            "figures": press_figures(),
            "today": timezone.localdate(),
            "releases": PressItem.objects.releases()[:PRESS_PAGE_RELEASES],
            "photos": PressAttachment.objects.published()
            .images()
            .select_related("item")
            .order_by("-item__published_on", "item", "position", "pk")[:PRESS_PAGE_PHOTOS],
            "contact": {
                "name": settings.PRESS_CONTACT_NAME,
                "role": settings.PRESS_CONTACT_ROLE,
                "phone": settings.PRESS_CONTACT_PHONE,
                "email": settings.PRESS_CONTACT_EMAIL,
            },
        },
    )


# The text pages and the sitemaps are Django's views, public like ours. /sitemap.xml is
# an index of one sitemap per section; a section of more than a page reads ?p=.
flat_page = require_safe(public_page(flatpage_views.flatpage, families=[PAGES]))


def canonical_page_number(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """?p=2 only: "02", "+2" or " 2" would each be a sitemap page to build and keep."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        page = request.GET.get("p")
        if page is not None and not re.fullmatch(r"[1-9][0-9]{0,5}", page):
            raise Http404("not a page number of this sitemap")
        return view(request, *args, **kwargs)

    return wrapped


# Every section but capacity: a sign-up or an acceptance changes no address.
SITEMAP_FAMILIES = (GROUPS, PRESS, PAGES)
sitemap_index = require_safe(
    public_page(kept_per_content_version(sitemap_views.index), families=SITEMAP_FAMILIES)
)
sitemap = require_safe(
    public_page(
        canonical_page_number(kept_per_content_version(sitemap_views.sitemap, params=("p",))),
        params=("p",),
        families=SITEMAP_FAMILIES,
    )
)


@require_safe
@cache_control(no_store=True)
def healthz(request: HttpRequest) -> JsonResponse:
    """Cheap check for the load balancer: one read-only round trip, and a cache PING.

    503 only when the site cannot serve (the database is away); a cache that is down
    is reported, with 200: the site fails open and serves every page without it.
    """
    try:
        with deadline(HEALTHZ_SECONDS), connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except DatabaseError:
        database = "down"
    state = {
        "status": "ok" if database == "ok" else "down",
        "database": database,
        "cache": "ok" if cache_available() else "down",
    }
    return JsonResponse(state, status=200 if database == "ok" else 503)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("sitemap-index"))
    # The sign-up forms are in the sitemap, to be found; the page after sending is not.
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Disallow: {reverse('signups:thanks')}",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def login_locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """The admin login refused after too many wrong passwords or codes (django-axes)."""
    hours = settings.AXES_COOLOFF_TIME
    by_code = lockout.is_code(credentials)
    response = render(
        request,
        "admin/lockout.html",
        {
            "failure_limit": lockout.failure_limit(request, credentials),
            "by_code": by_code,
            "cooloff_hours": hours,
        },
        status=429,
    )
    response["Retry-After"] = str(hours * 3600)
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with an expired or missing security token (CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", status=403)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Unlike Django's own, it reads no form data: the form may be what is malformed.
    return render(request, "400.html", status=400)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors' database work: the database may be the problem.
    return render(request, "500.html", status=500)
