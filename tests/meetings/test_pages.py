import datetime
import json
import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from meetings.services import plan_cycle

pytestmark = pytest.mark.django_db

# A meeting's times, kept on one line on a narrow screen.
TIMES = '<span class="time-range">18:00\N{EN DASH}20:00</span>'


def test_group_page_shows_the_next_meeting_in_italian(make_group, client, venue):
    start = timezone.localdate() + datetime.timedelta(days=3)
    group = make_group(venue=venue, start_date=start)
    plan_cycle(group)
    page = client.get(group.get_absolute_url()).content.decode()
    weekday = ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"][
        start.weekday()
    ]
    months = [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ]
    expected = f"{weekday} {start.day} {months[start.month - 1]} {start.year}, ore {TIMES}"
    next_block = page.split("Prossimo incontro")[1].split("</p>")[0]
    assert expected in next_block
    assert "Palazzo Arese Borromeo" in next_block
    assert "incontro 18 di 18" in page


def test_past_meetings_are_marked_as_held(client, planned_group):
    page = client.get(planned_group.get_absolute_url()).content.decode()
    assert "già svolto" in page


def test_cancelled_meeting_is_struck_through_and_not_the_next_one(client, planned_group):
    upcoming = list(planned_group.meetings.upcoming())
    upcoming[0].cancel()
    upcoming[0].save()
    page = client.get(planned_group.get_absolute_url()).content.decode()
    item = page.split(f'id="incontro-{upcoming[0].number}"')[1].split("</li>")[0]
    assert "meeting-cancelled" in item.split(">")[0]
    assert "annullato" in item
    next_block = page.split("Prossimo incontro")[1].split("</p>")[0]
    assert f"{upcoming[1].starts_at.astimezone(timezone.get_default_timezone()).day} " in next_block


def test_moved_meeting_shows_old_and_new_date_on_every_page(make_group, client, venue):
    group = make_group(venue=venue, start_date=datetime.date(2016, 4, 6))
    plan_cycle(group)
    meeting = group.meetings.get(number=1)
    meeting.move_to(meeting.starts_at + datetime.timedelta(days=7))
    meeting.save()
    expected = "spostato da mercoledì 6 aprile a mercoledì 13 aprile"
    assert expected in client.get(group.get_absolute_url()).content.decode()
    assert expected in client.get(reverse("meetings:month", args=[2016, 4])).content.decode()


def test_meeting_list_shows_upcoming_meetings_of_all_groups(
    make_group, client, planned_group, venue
):
    other = make_group(venue=venue, name="AMALav Seveso", slug="seveso", town="Seveso")
    plan_cycle(other)
    page = client.get(reverse("meetings:list")).content.decode()
    assert "AMALav Seveso" in page and "AMALav Cesano Maderno" in page
    assert "webcal://testserver/incontri.ics" in page


def test_month_view_navigates_across_year_boundaries(make_group, client, venue):
    plan_cycle(make_group(venue=venue, start_date=datetime.date(2016, 11, 3)))
    december = client.get(reverse("meetings:month", args=[2016, 12])).content.decode()
    assert reverse("meetings:month", args=[2017, 1]) in december
    assert reverse("meetings:month", args=[2016, 11]) in december
    january = client.get(reverse("meetings:month", args=[2017, 1])).content.decode()
    assert reverse("meetings:month", args=[2016, 12]) in january


def test_only_months_with_meetings_and_their_neighbours_have_pages(make_group, client, venue):
    # Two short cycles years apart: spring 2016 and spring 2019.
    plan_cycle(make_group(venue=venue, start_date=datetime.date(2016, 4, 6), cycle_length=3))
    plan_cycle(
        make_group(venue=venue, slug="seveso", start_date=datetime.date(2019, 4, 3), cycle_length=3)
    )
    for year, month in [(2016, 3), (2016, 4), (2016, 5), (2016, 6), (2019, 3), (2019, 4)]:
        assert client.get(reverse("meetings:month", args=[year, month])).status_code == 200
    for year, month in [(2016, 2), (2016, 7), (2017, 8), (2019, 1), (2019, 7), (2099, 1)]:
        assert client.get(reverse("meetings:month", args=[year, month])).status_code == 404


def test_month_links_skip_the_empty_stretch_between_cycles(make_group, client, venue):
    plan_cycle(make_group(venue=venue, start_date=datetime.date(2016, 4, 6), cycle_length=3))
    plan_cycle(
        make_group(venue=venue, slug="seveso", start_date=datetime.date(2019, 4, 3), cycle_length=3)
    )
    june = client.get(reverse("meetings:month", args=[2016, 6])).content.decode()
    assert f'href="{reverse("meetings:month", args=[2019, 3])}" rel="next"' in june
    march = client.get(reverse("meetings:month", args=[2019, 3])).content.decode()
    assert f'href="{reverse("meetings:month", args=[2016, 6])}" rel="prev"' in march


def test_calendar_filters_by_group_with_a_plain_form(make_group, client, planned_group, venue):
    other = make_group(venue=venue, name="AMALav Seveso", slug="seveso", town="Seveso")
    plan_cycle(other)
    page = client.get(reverse("meetings:list"), {"gruppo": "seveso"}).content.decode()
    upcoming = page.split('id="prossimi-title"')[1]
    assert "AMALav Seveso" in upcoming
    assert "AMALav Cesano Maderno" not in upcoming
    assert 'method="get"' in page and 'name="gruppo"' in page
    assert f'value="http://testserver{reverse("meetings:group-feed", args=["seveso"])}"' in page


def test_unknown_group_in_the_calendar_filter_shows_every_group(client, planned_group):
    response = client.get(reverse("meetings:list"), {"gruppo": "<script>"})
    assert response.status_code == 200
    assert "AMALav Cesano Maderno" in response.content.decode().split('id="prossimi-title"')[1]
    assert "<script>" not in response.content.decode().split("<main")[1]


def test_month_grid_heading_and_arrows_hide_together_on_a_phone(client, planned_group):
    page = client.get(reverse("meetings:list")).content.decode()
    optional = page.split('<div class="calendar-month-optional">')[1].split("</section>")[0]
    assert 'id="mese-title"' in optional and 'aria-label="Mesi"' in optional


def test_month_view_of_the_dst_change_lists_meetings_at_their_local_time(make_group, client, venue):
    group = make_group(venue=venue, start_date=datetime.date(2016, 3, 17))
    plan_cycle(group)
    page = client.get(reverse("meetings:month", args=[2016, 3])).content.decode()
    assert f"giovedì 17 marzo 2016, ore {TIMES}" in page
    assert f"giovedì 31 marzo 2016, ore {TIMES}" in page


@pytest.mark.parametrize(("year", "month"), [(2016, 13), (2016, 0), (1999, 5), (2200, 1)])
def test_month_out_of_range_is_not_found(client, db, year, month):
    assert client.get(f"/incontri/{year}/{month}/").status_code == 404


@pytest.mark.parametrize("groups", [1, 6])
def test_meeting_pages_use_a_fixed_number_of_queries(
    make_group, client, venue, django_assert_max_num_queries, groups
):
    for index in range(groups):
        group = make_group(venue=venue, name=f"Gruppo {index}", slug=f"gruppo-{index}")
        plan_cycle(group)
        first = group.meetings.get(number=1)
        first.move_to(first.starts_at + datetime.timedelta(days=1))
        first.save()
    today = timezone.localdate()
    for url in (
        reverse("home"),
        reverse("meetings:list"),
        reverse("meetings:month", args=[today.year, today.month]),
        reverse("groups:detail", args=["gruppo-0"]),
        reverse("meetings:feed"),
        reverse("meetings:group-feed", args=["gruppo-0"]),
    ):
        # One more the first time after a change: when the next meeting ends
        # (meetings.services.schedule_epoch), until which rendered pieces hold.
        with django_assert_max_num_queries(5):
            assert client.get(url).status_code == 200


def test_group_page_has_event_json_ld_for_upcoming_meetings(client, planned_group):
    upcoming = list(planned_group.meetings.upcoming())
    upcoming[0].cancel()
    upcoming[0].save()
    page = client.get(planned_group.get_absolute_url()).content.decode()
    data = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert len(data) == len(upcoming)
    assert data[0]["eventStatus"] == "https://schema.org/EventCancelled"
    assert data[1]["eventStatus"] == "https://schema.org/EventScheduled"
    assert data[1]["isAccessibleForFree"] is True
    assert data[1]["location"]["@type"] == "Place"
    assert data[1]["location"]["address"]["streetAddress"] == "via Borromeo 41"
    assert data[1]["startDate"].endswith(("+01:00", "+02:00"))


def test_database_refuses_two_meetings_at_the_same_time_or_with_no_duration(planned_group):
    first = planned_group.meetings.get(number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(group=planned_group, number=40, starts_at=first.starts_at)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(
            group=planned_group,
            number=41,
            starts_at=first.starts_at + datetime.timedelta(hours=5),
            duration=datetime.timedelta(0),
        )


def test_json_ld_cannot_be_broken_out_of_by_a_name(make_group, client, venue):
    group = make_group(venue=venue, name="Gruppo </script><script>alert(1)</script>")
    plan_cycle(group)
    page = client.get(group.get_absolute_url()).content.decode()
    block = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "\\u003C/script\\u003E" in block
    assert json.loads(block)[0]["name"].startswith("Gruppo </script>")


def test_month_grid_marks_a_moved_meeting_and_says_moved_once(make_group, client, venue):
    group = make_group(venue=venue, start_date=datetime.date(2016, 4, 6))
    plan_cycle(group)
    meeting = group.meetings.get(number=1)
    meeting.move_to(meeting.starts_at + datetime.timedelta(days=7))
    meeting.save()
    page = client.get(reverse("meetings:month", args=[2016, 4])).content.decode()
    grid = page.split('class="calendar-grid"')[1].split("</table>")[0]
    assert 'class="meeting-moved"' in grid and "(spostato)" in grid
    assert "spostato spostato" not in page
    assert "spostato</span> spostato" not in page


def test_month_links_keep_the_chosen_group_and_month_pages_show_only_it(
    make_group, client, planned_group, venue
):
    other = make_group(venue=venue, name="AMALav Seveso", slug="seveso", town="Seveso")
    plan_cycle(other)
    page = client.get(reverse("meetings:list"), {"gruppo": "seveso"}).content.decode()
    links = re.findall(r'href="(/incontri/\d+/\d+/[^"]*)" rel="(?:prev|next)"', page)
    assert links and all(link.endswith("?gruppo=seveso") for link in links)
    month_page = client.get(links[-1].replace("&amp;", "&")).content.decode()
    assert "AMALav Seveso" in month_page
    assert "AMALav Cesano Maderno" not in month_page.split("<main")[1]


def test_a_meeting_that_just_ended_is_shown_as_held_without_any_change_in_the_admin(
    client, planned_group, settings, monkeypatch
):
    """Rendered pieces of the calendar hold only until the next meeting ends."""
    settings.PAGE_CACHE_ENABLED = False  # the pieces, not the 60 s page cache, under test
    first = planned_group.meetings.get(number=1)

    def pages_at(moment: datetime.datetime) -> tuple[str, str]:
        monkeypatch.setattr(timezone, "now", lambda: moment)
        group_page = client.get(planned_group.get_absolute_url()).content.decode()
        calendar = client.get(reverse("meetings:list")).content.decode()
        return group_page.split('id="incontro-1"')[1].split("</li>")[0], calendar

    before, calendar_before = pages_at(first.ends_at - datetime.timedelta(minutes=1))
    assert "già svolto" not in before
    assert f'href="{first.get_absolute_url()}"' in calendar_before.split('id="prossimi-title"')[1]
    after, calendar_after = pages_at(first.ends_at + datetime.timedelta(minutes=1))
    assert "già svolto" in after
    upcoming = calendar_after.split('id="prossimi-title"')[1]
    assert f'href="{first.get_absolute_url()}"' not in upcoming


def test_a_coordinators_change_shows_at_once_on_a_page_kept_rendered(
    client, planned_group, settings
):
    settings.PAGE_CACHE_ENABLED = False
    assert "Tema" not in client.get(reverse("meetings:list")).content.decode()
    meeting = planned_group.meetings.get(number=18)
    meeting.topic = "Il curriculum"
    meeting.save()
    assert "Tema: Il curriculum" in client.get(reverse("meetings:list")).content.decode()


def test_a_groups_feed_and_another_groups_meeting_file_are_never_confused(
    make_group, client, venue
):
    seveso = make_group(venue=venue, name="Seveso", slug="seveso")
    second = make_group(venue=venue, name="Seveso, secondo ciclo", slug="seveso-2")
    plan_cycle(seveso)
    plan_cycle(second)
    one = client.get(reverse("meetings:meeting-ics", args=["seveso", 2])).content.decode()
    feed = client.get(reverse("meetings:group-feed", args=["seveso-2"])).content.decode()
    assert one.count("BEGIN:VEVENT") == 1
    assert feed.count("BEGIN:VEVENT") == second.meetings.count()
