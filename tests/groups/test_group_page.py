import datetime
from urllib.parse import parse_qs

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import Group, Venue
from meetings.services import plan_cycle
from tests.forms import valid_data

pytestmark = pytest.mark.django_db


def test_group_without_venue_shows_its_town_and_who_to_call(make_group, client, db):
    group = make_group(slug="seveso", name="AMALav Seveso", town="Seveso", venue=None)
    plan_cycle(group)
    page = client.get(group.get_absolute_url()).content.decode()
    where = page.split('id="dove-title"')[1].split("</section>")[0]
    assert "Seveso" in where
    assert "il coordinatore ti dice dove" in where
    assert 'href="tel:+393483906759"' in where
    assert "Sede da definire" not in page
    assert "openstreetmap" not in where


def test_group_with_venue_links_to_the_map_and_tells_how_to_get_there(make_group, client, venue):
    venue.directions = "Dalla stazione di Cesano Maderno, 10 minuti a piedi."
    venue.save()
    group = make_group(venue=venue)
    page = client.get(group.get_absolute_url()).content.decode()
    where = page.split('id="dove-title"')[1].split("</section>")[0]
    map_url = where.split('href="https://www.openstreetmap.org/search?')[1].split('"')[0]
    assert parse_qs(map_url.replace("&amp;", "&"))["query"] == ["via Borromeo 41, Cesano Maderno"]
    assert "10 minuti a piedi" in where
    assert "Sala raggiungibile senza gradini" in where


def test_venue_without_known_step_free_access_says_whom_to_ask(make_group, client, venue):
    Venue.objects.filter(pk=venue.pk).update(step_free=False)
    page = client.get(make_group(venue=venue).get_absolute_url()).content.decode()
    assert "chiedi al coordinatore" in page.split("Accessibilità")[1].split("</dd>")[0]


def test_next_meeting_offers_google_calendar_and_an_ics_download(make_group, client, venue):
    start = timezone.localdate() + datetime.timedelta(days=3)
    group = make_group(venue=venue, start_date=start)
    plan_cycle(group)
    page = client.get(group.get_absolute_url()).content.decode()
    next_block = page.split('class="next-meeting')[1].split("</div>")[0]
    google = next_block.split('href="https://calendar.google.com/calendar/render?')[1]
    params = parse_qs(google.split('"')[0].replace("&amp;", "&"))
    assert params["action"] == ["TEMPLATE"]
    first = group.meetings.get(number=1)
    utc = first.starts_at.astimezone(datetime.UTC)
    assert params["dates"][0].startswith(utc.strftime("%Y%m%dT%H%M%SZ/"))
    assert params["location"] == [venue.full_address]
    assert "incontro 1 di 18" in params["text"][0]
    assert reverse("meetings:meeting-ics", args=[group.slug, 1]) in next_block


def test_calendar_subscription_is_explained_with_an_https_address_to_copy(client, planned_group):
    page = client.get(planned_group.get_absolute_url()).content.decode()
    feed = "http://testserver" + reverse("meetings:group-feed", args=[planned_group.slug])
    subscribe = page.split('id="nel-calendario"')[1]
    assert f'value="{feed}"' in subscribe
    assert "Da URL" in subscribe and "iPhone" in subscribe
    # webcal only where it is explained, for the iPhone.
    assert page.count("webcal://") == 1
    assert page.index("webcal://") > page.index("iPhone e iPad")


def test_join_button_uses_ad_before_a_name_starting_with_a(make_group, client, planned_group):
    page = client.get(planned_group.get_absolute_url()).content.decode()
    assert "Aderisci ad AMALav Cesano Maderno" in page
    other = make_group(slug="seveso", name="Gruppo di Seveso", venue=planned_group.venue)
    page = client.get(other.get_absolute_url()).content.decode()
    assert "Aderisci a Gruppo di Seveso" in page


def test_cycle_start_reads_da_giovedi_not_dal(make_group, client, venue):
    thursday = timezone.localdate() + datetime.timedelta(
        days=(3 - timezone.localdate().weekday()) % 7
    )
    page = client.get(make_group(venue=venue, start_date=thursday).get_absolute_url())
    assert "da giovedì" in page.content.decode()
    assert "dal giovedì" not in page.content.decode()


def test_group_list_counts_each_groups_own_cycle(make_group, client, venue):
    make_group(venue=venue, cycle_length=12)
    page = client.get(reverse("groups:list")).content.decode()
    assert "12 incontri" in page
    assert "18 incontri" not in page


def test_archimedes_group_is_presented_as_science_and_maths_open_to_all(make_group, client, db):
    group = make_group(
        slug="verano", name="AMALav Archimedes Verano Brianza", kind=Group.Kind.ARCHIMEDES
    )
    page = client.get(group.get_absolute_url()).content.decode()
    assert "scienze e di matematica, aperti a tutti" in page
    assert "perso il lavoro" not in page.split("<main")[1].split("</main>")[0]


def test_come_funziona_is_linked_from_home_groups_form_and_thanks(client, seeded):
    how = reverse("how-it-works")
    for url in (
        reverse("home"),
        reverse("groups:list"),
        reverse("groups:detail", args=["cesano-maderno"]),
        reverse("signups:signup"),
        reverse("signups:thanks"),
    ):
        assert f'href="{how}"' in client.get(url).content.decode(), url


def test_home_shows_free_the_call_to_join_and_groups_with_next_meeting_before_news(
    client, planned_group, django_assert_max_num_queries
):
    # One more than the page reads the first time after a change: when the next meeting
    # ends (meetings.services.schedule_epoch), until which the rendered page holds.
    with django_assert_max_num_queries(5):
        client.get(reverse("home"))
    page = client.get(reverse("home")).content.decode()
    main = page.split("<main")[1]
    assert "gratuito" in main.split("Chiedi di partecipare")[0]
    groups_at = main.index("Gruppi a cui puoi partecipare")
    assert groups_at < main.index("In evidenza")
    assert main.index("Prossimo incontro") < main.index("In evidenza")
    assert main.index(planned_group.name) < main.index("In evidenza")


def test_confirmation_email_links_to_come_funziona(client, group, settings, delivered):
    client.post(reverse("signups:signup"), valid_data(group))
    confirmation = delivered()[0]
    how = settings.SITE_URL + reverse("how-it-works")
    assert how in confirmation.body
    assert f'href="{how}"' in confirmation.alternatives[0][0]
