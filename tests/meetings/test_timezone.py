"""The VTIMEZONE we write: yearly rules calendar apps read right, derived from zoneinfo
and agreeing with it at every instant of the years a calendar spans."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from hypothesis import given
from hypothesis import strategies as st

from meetings.feeds import vtimezone

FAR = datetime.datetime(2040, 12, 31)


@pytest.mark.parametrize("tzid", ["Europe/Rome", "America/New_York", "Australia/Sydney"])
@given(moment=st.datetimes(min_value=datetime.datetime(2016, 1, 1), max_value=FAR))
def test_the_time_zone_we_write_gives_every_instant_the_offset_zoneinfo_gives(tzid, moment):
    text = vtimezone(tzid, 2016, FAR.year).to_ical()
    instant = moment.replace(tzinfo=datetime.UTC)
    expected = instant.astimezone(ZoneInfo(tzid)).utcoffset()
    as_icalendar = icalendar.Timezone.from_ical(text).to_tz()
    wrapped = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//IT\r\n" + text + b"END:VCALENDAR\r\n"
    )
    as_vobject = vobject.readOne(wrapped.decode()).vtimezone.gettzinfo()
    assert instant.astimezone(as_icalendar).utcoffset() == expected
    assert instant.astimezone(as_vobject).utcoffset() == expected


def test_a_zone_without_summer_time_is_one_standard_part():
    (part,) = vtimezone("Asia/Tokyo", 2020, 2027).subcomponents
    assert part.name == "STANDARD" and "RRULE" not in part
    assert part.decoded("TZOFFSETTO") == datetime.timedelta(hours=9)


def test_a_zone_whose_rules_changed_keeps_every_change_listed():
    # Moscow dropped summer time in 2011 and moved its clocks back in 2014.
    zone = vtimezone("Europe/Moscow", 2010, 2016)
    assert any("RDATE" in part for part in zone.subcomponents)
    tz = zone.to_tz()
    for year, hours in ((2010, 4), (2013, 4), (2015, 3)):
        summer = datetime.datetime(year, 7, 1, 12, tzinfo=datetime.UTC)
        assert summer.astimezone(tz).utcoffset() == datetime.timedelta(hours=hours)
