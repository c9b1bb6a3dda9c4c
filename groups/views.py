from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from core.cache import public_page
from groups.models import Group
from meetings.jsonld import meetings_jsonld
from meetings.links import subscription_links


@require_safe
@public_page
def group_list(request: HttpRequest) -> HttpResponse:
    groups = Group.objects.with_first_meeting().select_related("venue").order_by("town", "name")
    return render(request, "groups/group_list.html", {"groups": groups})


@require_safe
@public_page
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(Group.objects.select_related("venue", "phase"), slug=slug)
    # The related manager hands each meeting this same group: no query per meeting.
    meetings = list(group.meetings.select_related("venue").order_by("starts_at"))
    upcoming = [m for m in meetings if not m.is_past]
    next_meeting = next((m for m in upcoming if not m.is_cancelled), None)
    group.first_meeting_at = next((m.starts_at for m in meetings if not m.is_cancelled), None)
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "meetings": meetings,
            "next_meeting": next_meeting,
            "jsonld": meetings_jsonld(request, upcoming),
            "press_items": group.press_items.published()[:5],
            "calendar_links": subscription_links(
                request, reverse("meetings:group-feed", args=[group.slug])
            ),
        },
    )
