import datetime
from io import StringIO

import pytest
from django.contrib.flatpages.models import FlatPage
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from groups.models import Group, Venue
from meetings.models import Meeting
from meetings.services import plan_cycle
from press.models import Document, PressItem

pytestmark = pytest.mark.django_db

# Every fact of the source text (amalav/seed_source/amalav-home.md), as the portal words it.
SEED_FACTS = [
    "Cesano Maderno",
    "Seveso",
    "Vimercate",
    "Brugherio",
    "Verano Brianza",
    "Palazzo Arese Borromeo",
    "via Borromeo 41",
    "17 marzo",
    "21 marzo",
    "6 aprile",
    "12 aprile",
    "18 incontri",
    "due ore",
    "16.00 alle 18.00",
    "biblioteca",
    "coordinamento.amalav@coopaeris.it",
    "348 3906759",
    "Cooperativa Sociale Aeris",
    "Provincia di Monza e Brianza",
    "Fondazione della Comunità Monza e Brianza",
    "Afol Monza e Brianza",
    "Comune di Monza",
    "CGIL-CISL-UIL",
    "amministrazioni comunali",
    "Fondazione CARIPLO",
    "ambito di Carate",
    "Archimedes",
    "scienze",
    "matematica",
    "GRATUITA",
    "2013",
    "2015",
    "7 gruppi",
    "circa un centinaio di persone",
    "cassa integrazione",
    "13 aprile 2016",
    "conferenza stampa",
    "Lo stato del progetto a 6 mesi dalla partenza del primo gruppo",
    "Presentazione progetto AMALAV",
    "Il Mercato del Lavoro e le politiche attive",
    "Provincia Monza e Brianza",
    "14 maggio 2014",
    "Il lavoro in crisi. Rimettersi in gioco e ripartire",
    "ammortizzatori sociali",
    "liste di mobilità",
    "disagio psico-sociale",
    "auto-mutuo-aiuto",
    "percorsi collettivi",
]


def snapshot() -> list:
    return [
        list(model.objects.order_by("pk").values())
        for model in (Venue, Group, Meeting, PressItem, Document, FlatPage)
    ]


def test_load_seed_twice_changes_nothing():
    call_command("load_seed", stdout=StringIO())
    first = snapshot()
    call_command("load_seed", stdout=StringIO())
    assert snapshot() == first


def test_load_seed_demo_twice_changes_nothing(settings):
    settings.DEBUG = True
    call_command("load_seed", "--demo", stdout=StringIO())
    first = snapshot()
    call_command("load_seed", "--demo", stdout=StringIO())
    assert snapshot() == first


def test_load_seed_again_keeps_what_coordinators_changed():
    call_command("load_seed", stdout=StringIO())
    verano = Group.objects.get(slug="verano-brianza-archimedes")
    verano.start_date = timezone.localdate() + datetime.timedelta(days=10)
    verano.status = Group.Status.ACTIVE
    verano.description = "Scritto da un coordinatore."
    verano.save()
    plan_cycle(verano)
    cancelled = verano.meetings.get(number=4)
    cancelled.cancel()
    cancelled.public_note = "Sala non disponibile"
    cancelled.save()
    page = FlatPage.objects.get(url="/contatti/")
    page.content = "<p>Nuovi orari</p>"
    page.save()
    press = PressItem.objects.first()
    press.title = "Titolo corretto"
    press.save()
    press.related_groups.clear()
    Meeting.objects.filter(group__slug="seveso", number=18).delete()  # a superuser's choice
    before = snapshot()

    call_command("load_seed", stdout=StringIO())

    assert snapshot() == before
    verano.refresh_from_db()
    assert verano.start_date == timezone.localdate() + datetime.timedelta(days=10)
    assert verano.meetings.count() == 18
    assert verano.meetings.get(number=4).public_note == "Sala non disponibile"
    assert not PressItem.objects.get(pk=press.pk).related_groups.exists()


def test_load_seed_creates_what_is_missing():
    call_command("load_seed", stdout=StringIO())
    FlatPage.objects.get(url="/contatti/").delete()
    Group.objects.get(slug="brugherio").delete()
    call_command("load_seed", stdout=StringIO())
    assert FlatPage.objects.filter(url="/contatti/").exists()
    assert Meeting.objects.filter(group__slug="brugherio").count() == 18


def test_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_seed", "--demo", stdout=StringIO())
    assert not Group.objects.exists()


def test_seed_groups_have_their_full_cycle_on_the_source_dates():
    call_command("load_seed", stdout=StringIO())
    cesano = Group.objects.get(slug="cesano-maderno")
    assert cesano.start_date == datetime.date(2016, 3, 17)
    assert cesano.venue.address == "via Borromeo 41"
    for slug in ("cesano-maderno", "vimercate", "seveso", "brugherio"):
        assert Meeting.objects.filter(group__slug=slug).count() == 18
    first = Meeting.objects.get(group=cesano, number=1)
    assert timezone.localdate(first.starts_at) == datetime.date(2016, 3, 17)


def test_demo_seed_has_every_cycle_running_now(settings):
    settings.DEBUG = True
    call_command("load_seed", "--demo", stdout=StringIO())
    now = timezone.now()
    for group in Group.objects.exclude(start_date=None):
        assert group.meetings.filter(starts_at__lt=now).exists(), group
        assert group.meetings.filter(starts_at__gt=now).exists(), group
        assert group.meetings.count() == group.cycle_length


def test_every_fact_of_the_source_text_is_on_the_portal(client):
    call_command("load_seed", stdout=StringIO())
    urls = [
        reverse(name)
        for name in (
            "home",
            "groups:list",
            "project",
            "first-project",
            "contacts",
            "press:list",
            "press:documents",
        )
    ]
    urls += [g.get_absolute_url() for g in Group.objects.all()]
    urls += [item.get_absolute_url() for item in PressItem.objects.all()]
    portal = "\n".join(client.get(url).content.decode() for url in urls)
    missing = [fact for fact in SEED_FACTS if fact not in portal]
    assert missing == []
