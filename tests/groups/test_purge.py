import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from groups.models import SignupRequest
from meetings.models import Meeting
from tests.conftest import make_group

pytestmark = pytest.mark.django_db


def make_request(group, created_days_ago: int = 0, **fields) -> SignupRequest:
    return SignupRequest.objects.create(
        first_name="Giulia",
        last_name="Bianchi",
        email=f"giulia{SignupRequest.objects.count()}@example.org",
        phone="+393480000000",
        message="Un messaggio personale",
        internal_notes="Note del coordinatore",
        town="Desio",
        group=group,
        work_situation=SignupRequest.WorkSituation.NASPI,
        privacy_version="2026-11",
        privacy_accepted_at=timezone.now(),
        created_at=timezone.now() - datetime.timedelta(days=created_days_ago),
        **fields,
    )


def group_whose_cycle_ended(venue, days_ago: int, slug: str):
    group = make_group(venue=venue, slug=slug, name=slug)
    Meeting.objects.create(
        group=group, number=1, starts_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return group


def test_purge_anonymises_exactly_the_requests_past_retention(venue):
    long_ended = group_whose_cycle_ended(venue, days_ago=800, slug="vecchio")
    recently_ended = group_whose_cycle_ended(venue, days_ago=200, slug="recente")
    due = make_request(long_ended, created_days_ago=1000)
    kept_recent_cycle = make_request(recently_ended, created_days_ago=1000)
    old_without_group = make_request(None, created_days_ago=800)
    new_without_group = make_request(None, created_days_ago=10)
    out = StringIO()
    call_command("purge_signups", stdout=out)
    assert "2 sign-up request(s)" in out.getvalue()
    for signup in (due, old_without_group):
        signup.refresh_from_db()
        assert signup.anonymised_at is not None
        assert (signup.first_name, signup.last_name, signup.email, signup.phone) == ("", "", "", "")
        assert signup.message == "" and signup.internal_notes == ""
        # What funders' reports count survives.
        assert signup.town == "Desio" and signup.work_situation == "naspi"
    for signup in (kept_recent_cycle, new_without_group):
        signup.refresh_from_db()
        assert signup.anonymised_at is None and signup.first_name == "Giulia"


def test_purge_can_delete_and_respects_months(venue):
    ended = group_whose_cycle_ended(venue, days_ago=100, slug="finito")
    make_request(ended)
    call_command("purge_signups", "--months", "6", stdout=StringIO())
    assert SignupRequest.objects.filter(anonymised_at=None).count() == 1
    call_command("purge_signups", "--months", "3", "--delete", stdout=StringIO())
    assert SignupRequest.objects.count() == 0


def test_dry_run_changes_nothing(venue):
    ended = group_whose_cycle_ended(venue, days_ago=900, slug="finito")
    make_request(ended)
    out = StringIO()
    call_command("purge_signups", "--dry-run", stdout=out)
    assert "would anonymise" in out.getvalue()
    assert SignupRequest.objects.get().anonymised_at is None


def test_purging_twice_reports_nothing_more(venue):
    ended = group_whose_cycle_ended(venue, days_ago=900, slug="finito")
    make_request(ended)
    call_command("purge_signups", stdout=StringIO())
    out = StringIO()
    call_command("purge_signups", stdout=out)
    assert out.getvalue().startswith("0 ")


def test_requests_of_a_group_never_planned_expire_from_their_date(group):
    old = make_request(group, created_days_ago=800)
    recent = make_request(group, created_days_ago=30)
    call_command("purge_signups", stdout=StringIO())
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.anonymised_at is not None
    assert recent.anonymised_at is None
