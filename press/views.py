import datetime
from itertools import groupby

from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe

from accounts.decorators import verified_staff_required
from core.cache import GROUPS, PAGES, PRESS, public_page
from core.paginators import CappedPaginator
from press.forms import PressFilterForm
from press.models import Document, PressItem

PAGE_SIZE = 20
# Beyond this many results the page says "più di 1.000": counting every match of a broad
# search would read most of the archive.
RESULT_CAP = 1000


class ArchivePaginator(CappedPaginator):
    """The archive's pages, its matches counted up to a cap.

    The items come newest first (PressItem's ordering). A search matching few of them gets
    its page by id from the matches it counted: read by walking the archive's date index,
    a word that only old items hold, or none, read every row (64 ms at 100k items).
    """

    @cached_property
    def matches(self) -> list[tuple[datetime.date, int]]:
        # Unordered and over a LIMIT: the database reads them through the search's own
        # index and stops at the first cap + 1.
        return list(self.object_list.order_by().values_list("published_on", "pk")[: self.cap + 1])

    @cached_property
    def counted(self) -> int:
        return len(self.matches)

    def page(self, number) -> Page:
        page = super().page(number)
        if not self.capped:
            newest_first = sorted(self.matches, reverse=True)
            ids = [pk for _day, pk in newest_first[page.start_index() - 1 : page.end_index()]]
            page.object_list = self.object_list.filter(pk__in=ids) if ids else []
        return page


@require_safe
@public_page(params=("q", "anno", "testata", "tipo", "pagina"), families=(PRESS, PAGES))
def press_list(request: HttpRequest) -> HttpResponse:
    form = PressFilterForm(request.GET)
    # The list shows no body: three paragraphs an item not worth reading.
    items = form.filter(PressItem.objects.published().select_related("outlet").defer("body"))
    page = ArchivePaginator(items, PAGE_SIZE, RESULT_CAP).get_page(request.GET.get("pagina"))
    # The results are searched every time; rendering the same items again is spared.
    page.object_list = list(page.object_list)
    # Filters travel with every page link; only the page number changes.
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "press/pressitem_list.html",
        {
            "form": form,
            "page": page,
            "item_ids": [item.pk for item in page.object_list],
            "query": query.urlencode(),
            "filtered": bool(query),
        },
    )


@require_safe
# An item names the groups it is about.
@public_page(families=(PRESS, GROUPS, PAGES))
def press_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Its attachments and groups are read by the page's body only when that is not
    # already rendered for this content version.
    item = get_object_or_404(PressItem.objects.published().select_related("outlet"), slug=slug)
    return render(request, "press/pressitem_detail.html", {"item": item})


@require_safe
@verified_staff_required
def press_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """A draft as it will look once published; for coordinators only, never cached."""
    item = get_object_or_404(
        PressItem.objects.select_related("outlet").prefetch_related("related_groups"), slug=slug
    )
    response = render(request, "press/pressitem_detail.html", {"item": item, "preview": True})
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
@public_page(families=(PRESS, PAGES))
def document_list(request: HttpRequest) -> HttpResponse:
    documents = Document.objects.filter(is_published=True)
    categories = [
        (Document.Category(category).label, list(docs))
        for category, docs in groupby(documents, key=lambda d: d.category)
    ]
    return render(request, "press/document_list.html", {"categories": categories})


@require_safe
@public_page(families=(PRESS, PAGES))
def feeds_help(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "press/feeds.html",
        {
            "rss_url": request.build_absolute_uri(reverse("press:feed")),
            "atom_url": request.build_absolute_uri(reverse("press:atom")),
        },
    )
