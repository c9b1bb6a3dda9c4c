from itertools import groupby

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from amalav.cache import public_page
from groups.models import Group, SignupRequest
from meetings.models import Meeting
from press.forms import PressFilterForm
from press.models import Document, PressAttachment, PressItem

PAGE_SIZE = 20
PRESS_PAGE_RELEASES = 5
PRESS_PAGE_PHOTOS = 6


@require_GET
@public_page
def press_list(request: HttpRequest) -> HttpResponse:
    form = PressFilterForm(request.GET)
    items = form.filter(PressItem.objects.published().select_related("outlet"))
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("pagina"))
    # Filters travel with every page link; only the page number changes.
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "press/pressitem_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "filtered": bool(query)},
    )


@require_GET
@public_page
def press_detail(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(
        PressItem.objects.published()
        .select_related("outlet")
        .prefetch_related("related_groups", "attachments"),
        slug=slug,
    )
    return render(request, "press/pressitem_detail.html", {"item": item})


@require_GET
@public_page
def document_list(request: HttpRequest) -> HttpResponse:
    documents = Document.objects.filter(is_published=True)
    categories = [
        (Document.Category(category).label, list(docs))
        for category, docs in groupby(documents, key=lambda d: d.category)
    ]
    return render(request, "press/document_list.html", {"categories": categories})


def press_figures() -> dict[str, int]:
    """The fact sheet's live figures, counted in the database each time the page renders."""
    figures = Group.objects.aggregate(groups=Count("pk"), towns=Count("town", distinct=True))
    figures["meetings_held"] = Meeting.objects.past().taking_place().count()
    # Until an attendance register exists, accepted requests are the participants.
    figures["participants"] = SignupRequest.objects.filter(
        status=SignupRequest.Status.ACCEPTED
    ).count()
    return figures


@require_GET
@public_page
def press_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "press/press_page.html",
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
@public_page
def feeds_help(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "press/feeds.html",
        {
            "rss_url": request.build_absolute_uri(reverse("press:feed")),
            "atom_url": request.build_absolute_uri(reverse("press:atom")),
        },
    )
