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
            "groups:signup",
            "how-it-works",
            "press:list",
            "press:documents",
            "press:press-page",
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
    changefreq = "weekly"

    def items(self) -> QuerySet[Group]:
        return Group.objects.all()


class PressSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self) -> QuerySet[PressItem]:
        return PressItem.objects.published().only("slug", "updated_at")

    def lastmod(self, item: PressItem):
        return item.updated_at


SITEMAPS = {"pages": StaticSitemap, "groups": GroupSitemap, "press": PressSitemap}
