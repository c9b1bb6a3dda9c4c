import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.translation import gettext_lazy as _

from core.cache import PRESS, kept_per_content_version, public_page
from press.models import PressItem

FEED_SIZE = 30


class PressFeed(Feed):
    title = _("AMALav - rassegna stampa")
    link = reverse_lazy("press:list")
    description = _("Articoli, comunicati e notizie sui gruppi di auto mutuo aiuto lavoro AMALav.")
    language = "it"

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.request = request  # enclosures need absolute addresses
        response = super().__call__(request, *args, **kwargs)
        # The feed generator writes thousands of tiny chunks, each a separate socket
        # write under gunicorn; one joined body is sent at once.
        response.content = response.content
        return response

    def items(self) -> QuerySet[PressItem]:
        return (
            PressItem.objects.published()
            .select_related("outlet")
            .prefetch_related("attachments")[:FEED_SIZE]
        )

    def item_title(self, item: PressItem) -> str:
        return item.title

    def item_description(self, item: PressItem) -> str:
        return item.summary or item.body[:500]

    def item_pubdate(self, item: PressItem) -> datetime.datetime:
        return datetime.datetime.combine(
            item.published_on, datetime.time(12), tzinfo=timezone.get_default_timezone()
        )

    def item_updateddate(self, item: PressItem) -> datetime.datetime:
        return item.updated_at

    def item_author_name(self, item: PressItem) -> str:
        return item.author or (item.outlet.name if item.outlet else "AMALav")

    def item_categories(self, item: PressItem) -> list[str]:
        return [item.get_kind_display()]

    def item_enclosures(self, item: PressItem) -> list[Enclosure]:
        # RSS 2.0 allows one enclosure per item: the first attachment.
        return self.enclosures(item)[:1]

    def enclosures(self, item: PressItem) -> list[Enclosure]:
        return [
            Enclosure(
                self.request.build_absolute_uri(attachment.file.url),
                str(attachment.file_size or 0),
                attachment.mime_type,
            )
            for attachment in item.attachments.all()
        ]


class PressAtomFeed(PressFeed):
    feed_type = Atom1Feed
    subtitle = PressFeed.description

    def item_enclosures(self, item: PressItem) -> list[Enclosure]:
        return self.enclosures(item)


press_feed = public_page(kept_per_content_version(PressFeed()), families=[PRESS])
press_atom_feed = public_page(kept_per_content_version(PressAtomFeed()), families=[PRESS])
