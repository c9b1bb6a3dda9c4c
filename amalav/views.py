from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from core.cache import public_page
from groups.models import Group
from meetings.models import Meeting
from press.models import PressItem

HOME_MEETINGS = 5
HOME_FEATURED = 3


@require_GET
@public_page
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {
            "featured": PressItem.objects.featured()[:HOME_FEATURED],
            "meetings": Meeting.objects.upcoming().with_places()[:HOME_MEETINGS],
            "open_groups": Group.objects.accepting_signups()
            .with_first_meeting()
            .select_related("venue"),
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
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /aderisci/", f"Sitemap: {sitemap}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors' database work: the database may be the problem.
    return render(request, "500.html", status=500)
