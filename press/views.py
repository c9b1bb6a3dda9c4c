from itertools import groupby

from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from core.cache import public_page
from press.forms import PressFilterForm
from press.models import Document, PressItem

PAGE_SIZE = 20


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
        PressItem.objects.published().select_related("outlet").prefetch_related("related_groups"),
        slug=slug,
    )
    return render(request, "press/pressitem_detail.html", {"item": item})


@require_GET
@staff_member_required
def press_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """A draft as it will look once published; for coordinators only, never cached."""
    item = get_object_or_404(
        PressItem.objects.select_related("outlet").prefetch_related("related_groups"), slug=slug
    )
    response = render(request, "press/pressitem_detail.html", {"item": item, "preview": True})
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@public_page
def document_list(request: HttpRequest) -> HttpResponse:
    documents = Document.objects.filter(is_published=True)
    categories = [
        (Document.Category(category).label, list(docs))
        for category, docs in groupby(documents, key=lambda d: d.category)
    ]
    return render(request, "press/document_list.html", {"categories": categories})
