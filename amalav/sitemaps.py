from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
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
            "how-it-works",
            "press:list",
            "press:documents",
            "press-page",
            "press:feeds",
            "project",
            "first-project",
            "contacts",
            "privacy",
            "accessibility",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


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
    limit = 5000

    def items(self) -> QuerySet[PressItem]:
        return PressItem.objects.published().only("slug", "updated_at")

    def lastmod(self, item: PressItem):
        return item.updated_at


SITEMAPS = {"pages": StaticSitemap, "groups": GroupSitemap, "press": PressSitemap}
