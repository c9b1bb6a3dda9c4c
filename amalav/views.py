from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from core.cache import public_page
from groups.models import Group
from meetings.models import Meeting
from press.models import PressAttachment, PressItem
from signups.models import Participant

HOME_FEATURED = 3
PRESS_PAGE_RELEASES = 5
PRESS_PAGE_PHOTOS = 6


@require_GET
@public_page
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {
            "featured": PressItem.objects.featured()[:HOME_FEATURED],
            "open_groups": Group.objects.accepting_signups()
            .select_related("venue")
            .prefetch_related(
                Prefetch(
                    "meetings",
                    Meeting.objects.upcoming().taking_place().select_related("venue"),
                    to_attr="next_meetings",
                )
            ),
        },
    )


def press_figures() -> dict[str, int]:
    """The fact sheet's live figures, counted in the database each time the page renders."""
    figures = Group.objects.aggregate(groups=Count("pk"), towns=Count("town", distinct=True))
    figures["meetings_held"] = Meeting.objects.past().taking_place().count()
    figures["participants"] = Participant.objects.count()
    return figures


@require_GET
@public_page
def press_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "press_page.html",
        {
            "figures": press_figures(),
            "today": timezone.localdate(),
            "releases": PressItem.objects.releases()[:PRESS_PAGE_RELEASES],
            "photos": PressAttachment.objects.published()
            .images()
            .select_related("item")
            .order_by("-item__published_on", "position")[:PRESS_PAGE_PHOTOS],
            "contact": {
                "name": settings.PRESS_CONTACT_NAME,
                "role": settings.PRESS_CONTACT_ROLE,
                "phone": settings.PRESS_CONTACT_PHONE,
                "email": settings.PRESS_CONTACT_EMAIL,
            },
        },
    )


@require_GET
@cache_control(no_store=True)
def healthz(request: HttpRequest) -> HttpResponse:
    """Cheap liveness check for the load balancer: one read-only round trip."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("django.contrib.sitemaps.views.sitemap"))
    # The sign-up forms are in the sitemap, to be found; the page after sending is not.
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Disallow: {reverse('signups:thanks')}",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors' database work: the database may be the problem.
    return render(request, "500.html", status=500)
