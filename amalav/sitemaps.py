from django.contrib.flatpages.models import FlatPage
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.urls import reverse

from groups.models import Group
from press.models import PressItem


class StaticSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return [
            "home",
            "groups:list",
            "meetings:list",
            "signups:signup",
            "press:list",
            "press:documents",
            "press-page",
            "press:feeds",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class TextPageSitemap(Sitemap):
    """Every text page, those with a route of their own and those coordinators add later."""

    changefreq = "monthly"

    def items(self) -> list[FlatPage]:
        # A handful of pages: a list spares the paginator's COUNT; one site, no join.
        return list(FlatPage.objects.filter(registration_required=False).only("url"))

    def location(self, page: FlatPage) -> str:
        return page.url


class GroupSitemap(Sitemap):
    """Each group's page and, while the group takes requests, its sign-up form."""

    changefreq = "weekly"

    def items(self) -> list[str]:
        paths = []
        for group in Group.objects.only("slug", "status"):
            paths.append(group.get_absolute_url())
            if group.accepts_signups:
                paths.append(reverse("signups:signup-group", args=[group.slug]))
        return paths

    def location(self, path: str) -> str:
        return path


class PressSitemap(Sitemap):
    changefreq = "monthly"
    # Pages of a thousand: each built in tens of milliseconds when content changes.
    limit = 1000

    def items(self) -> QuerySet[PressItem]:
        # Ordered by the primary key: a page keeps its items when newer ones arrive.
        return PressItem.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item: PressItem):
        return item.updated_at

    def get_latest_lastmod(self):
        # Django's default reads every item for the index; one MAX instead, built once per
        # content version with the rest of the index.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


SITEMAPS = {
    "pages": StaticSitemap,
    "text": TextPageSitemap,
    "groups": GroupSitemap,
    "press": PressSitemap,
}
