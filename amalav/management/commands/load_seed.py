import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from amalav import seed
from groups.models import Group, Phase, Venue
from meetings.services import plan_cycle
from press.models import Document, PressItem

# In demo mode the first group started this long ago, so some meetings are past.
DEMO_WEEKS_RUNNING = 10
# Verano Brianza has no date in the source; in demo mode it starts this much after Cesano.
DEMO_VERANO_DELAY = datetime.timedelta(weeks=5)


def create_missing(model: type[Model], lookup: dict, values: dict) -> tuple[Model, bool]:
    """Creates the row if it is missing; an existing row is never changed."""
    return model.objects.get_or_create(**lookup, defaults=values)


class Command(BaseCommand):
    help = (
        "Loads the portal's original content: groups, venues, meeting cycles, pages, "
        "press items and documents. It creates only what is missing and never updates "
        "or deletes a row that exists, so coordinators' work survives any rerun. "
        "--demo (development only: refused with DEBUG off) moves every seeded cycle so "
        "that it is running today, replacing the planned meetings of a group it moves."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Development only (DEBUG on): move every cycle so that it is running now.",
        )

    @transaction.atomic
    def handle(self, *args, demo: bool = False, **options) -> None:
        if demo and not settings.DEBUG:
            raise CommandError(
                "--demo moves meeting cycles and deletes planned meetings: it runs only "
                "with DEBUG on. Without --demo, load_seed creates only what is missing."
            )
        self.load_site()
        self.load_pages()
        groups = self.load_groups(demo)
        self.load_press(groups)
        self.load_documents()
        self.stdout.write(self.style.SUCCESS("Seed content loaded."))

    def load_site(self) -> None:
        domain = urlsplit(settings.SITE_URL).netloc or "127.0.0.1:8000"
        site, created = Site.objects.get_or_create(
            pk=settings.SITE_ID, defaults={"domain": domain, "name": "AMALav"}
        )
        if not created and site.domain == "example.com":
            # Django's own placeholder, never chosen by anyone.
            site.domain, site.name = domain, "AMALav"
            site.save()

    def load_pages(self) -> None:
        pages = [
            ("/progetto/", "Il progetto AMALav", seed.PROJECT_PAGE),
            (
                "/progetto/primo-progetto/",
                "Il primo progetto: AMALav 1 (2013-2015)",
                seed.FIRST_PROJECT_PAGE,
            ),
            ("/come-funziona/", "Come funziona un gruppo", seed.HOW_IT_WORKS_PAGE),
            ("/contatti/", "Contatti", seed.CONTACTS_PAGE),
            (
                "/privacy/",
                "Informativa sulla privacy",
                seed.privacy_page(
                    settings.SIGNUP_RETENTION_MONTHS, settings.PRIVACY_NOTICE_VERSION
                ),
            ),
            ("/accessibilita/", "Dichiarazione di accessibilità", seed.ACCESSIBILITY_PAGE),
        ]
        site = Site.objects.get(pk=settings.SITE_ID)
        for url, title, content in pages:
            content = seed.with_contacts(content)
            page, created = create_missing(
                FlatPage, {"url": url}, {"title": title, "content": content}
            )
            if created:
                page.sites.add(site)

    def demo_offset(self) -> datetime.timedelta:
        """Whole weeks, so every group keeps its weekday."""
        first_start = seed.GROUPS[0]["start_date"]
        target = timezone.localdate() - datetime.timedelta(weeks=DEMO_WEEKS_RUNNING)
        return datetime.timedelta(weeks=(target - first_start).days // 7)

    def load_groups(self, demo: bool) -> dict[str, Group]:
        venues = {
            key: create_missing(Venue, {"name": data["name"], "town": data["town"]}, data)[0]
            for key, data in seed.VENUES.items()
        }
        offset = self.demo_offset() if demo else datetime.timedelta(0)
        groups = {}
        for data in seed.GROUPS:
            start_date = data["start_date"]
            if demo:
                start_date = (
                    start_date or seed.GROUPS[0]["start_date"] + DEMO_VERANO_DELAY
                ) + offset
                status = seed.GROUP_STATUS.get(data["slug"], Group.Status.ACTIVE)
            else:
                status = seed.GROUP_STATUS.get(data["slug"], seed.DEFAULT_GROUP_STATUS)
            previous = (
                Group.objects.filter(slug=data["slug"]).values_list("start_date", flat=True).first()
            )
            group, created = create_missing(
                Group,
                {"slug": data["slug"]},
                {
                    "name": data["name"],
                    "town": data["town"],
                    "kind": data["kind"],
                    "phase": Phase.objects.get_or_create(
                        slug=data["phase"], defaults={"name": seed.PHASES[data["phase"]]}
                    )[0],
                    "venue": venues.get(data["venue"]),
                    "start_date": start_date,
                    "start_time": data["start_time"],
                    "description": data["description"],
                    "status": status,
                },
            )
            moved = demo and previous != start_date
            if moved and not created:
                # Development only: the demo moved this cycle, its old dates mean nothing.
                group.meetings.all().delete()
                group.start_date, group.status = start_date, status
                group.save(update_fields=["start_date", "status"])
            if (created or moved) and start_date is not None:
                plan_cycle(group)
            groups[group.slug] = group
        return groups

    def load_press(self, groups: dict[str, Group]) -> None:
        for data in seed.PRESS_ITEMS:
            fields = {k: v for k, v in data.items() if k not in ("slug", "groups")}
            fields.setdefault("is_published", True)
            item, created = create_missing(PressItem, {"slug": data["slug"]}, fields)
            if created:
                item.related_groups.set([groups[slug] for slug in data["groups"]])

    def load_documents(self) -> None:
        for data in seed.DOCUMENTS:
            # The source names these documents but holds no copy: people ask for them.
            create_missing(Document, {"title": data["title"]}, {"on_request": True, **data})
