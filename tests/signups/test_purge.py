import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from signups.models import SignupRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def group_whose_cycle_ended(make_group, venue):
    def make(days_ago: int, slug: str, **fields):
        group = make_group(venue=venue, slug=slug, name=slug, **fields)
        Meeting.objects.create(
            group=group, number=1, starts_at=timezone.now() - datetime.timedelta(days=days_ago)
        )
        return group

    return make


@pytest.fixture
def make_request(make_signup):
    """A request with every kind of personal data the purge must remove."""

    def make(group, created_days_ago: int = 0, **fields):
        return make_signup(
            group,
            created_days_ago,
            phone="+393480000000",
            message="Un messaggio personale",
            internal_notes="Note del coordinatore",
            work_situation=SignupRequest.WorkSituation.AT_RISK,
            **fields,
        )

    return make


def test_purge_anonymises_exactly_the_requests_past_retention(
    make_request, group_whose_cycle_ended, venue
):
    long_ended = group_whose_cycle_ended(days_ago=800, slug="vecchio")
    recently_ended = group_whose_cycle_ended(days_ago=200, slug="recente")
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
        assert signup.town == "Desio" and signup.work_situation == "a_rischio"
    for signup in (kept_recent_cycle, new_without_group):
        signup.refresh_from_db()
        assert signup.anonymised_at is None and signup.first_name == "Niccolò"


def test_purge_respects_months(make_request, group_whose_cycle_ended, venue):
    ended = group_whose_cycle_ended(days_ago=100, slug="finito")
    make_request(ended, created_days_ago=100)
    call_command("purge_signups", "--months", "6", stdout=StringIO())
    assert SignupRequest.objects.filter(anonymised_at=None).count() == 1
    call_command("purge_signups", "--months", "3", stdout=StringIO())
    assert SignupRequest.objects.filter(anonymised_at=None).count() == 0
    assert SignupRequest.objects.count() == 1


def test_purge_refuses_to_delete_even_on_a_dry_run(make_request, group_whose_cycle_ended):
    ended = group_whose_cycle_ended(days_ago=900, slug="finito")
    make_request(ended, created_days_ago=900)
    for extra in ([], ["--dry-run"]):
        with pytest.raises(CommandError, match="--delete is refused"):
            call_command("purge_signups", "--delete", *extra, stdout=StringIO())
    assert SignupRequest.objects.get().anonymised_at is None


def test_dry_run_changes_nothing(make_request, group_whose_cycle_ended, venue):
    ended = group_whose_cycle_ended(days_ago=900, slug="finito")
    make_request(ended)
    out = StringIO()
    call_command("purge_signups", "--dry-run", stdout=out)
    assert "would anonymise" in out.getvalue()
    assert SignupRequest.objects.get().anonymised_at is None


def test_purging_twice_reports_nothing_more(make_request, group_whose_cycle_ended, venue):
    ended = group_whose_cycle_ended(days_ago=900, slug="finito")
    make_request(ended)
    call_command("purge_signups", stdout=StringIO())
    out = StringIO()
    call_command("purge_signups", stdout=out)
    assert out.getvalue().startswith("0 ")


def test_requests_of_a_group_never_planned_expire_from_their_date(make_request, group):
    old = make_request(group, created_days_ago=800)
    recent = make_request(group, created_days_ago=30)
    call_command("purge_signups", stdout=StringIO())
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.anonymised_at is not None
    assert recent.anonymised_at is None


def test_fresh_request_to_a_reopened_group_is_kept(make_request, group_whose_cycle_ended):
    # Last meeting 30 months ago, reopened for sign-ups with no new meetings yet.
    reopened = group_whose_cycle_ended(days_ago=915, slug="riaperto", status="iscrizioni")
    yesterday = make_request(reopened, created_days_ago=1)
    out = StringIO()
    call_command("purge_signups", "--dry-run", stdout=out)
    assert out.getvalue().startswith("0 ")
    call_command("purge_signups", stdout=StringIO())
    yesterday.refresh_from_db()
    assert yesterday.anonymised_at is None and yesterday.first_name == "Niccolò"


def test_old_request_to_a_group_with_meetings_ahead_is_kept(make_request, planned_group):
    old = make_request(planned_group, created_days_ago=1000)
    call_command("purge_signups", stdout=StringIO())
    old.refresh_from_db()
    assert old.anonymised_at is None


def test_request_without_a_group_is_kept_the_retention_period_from_its_date(make_request):
    kept = make_request(None, created_days_ago=700)
    due = make_request(None, created_days_ago=760)
    call_command("purge_signups", stdout=StringIO())
    kept.refresh_from_db()
    due.refresh_from_db()
    assert kept.anonymised_at is None
    assert due.anonymised_at is not None


def test_purge_clears_the_persons_name_from_the_admin_history(
    make_request, group_whose_cycle_ended, admin_client
):
    from django.contrib.admin.models import LogEntry

    group = group_whose_cycle_ended(days_ago=800, slug="vecchio")
    due = make_request(group, created_days_ago=1000, first_name="Ersilia", last_name="Brambati")
    kept = make_request(group, created_days_ago=1, first_name="Ottavio", last_name="Sironi")
    for signup in (due, kept):
        admin_client.post(
            reverse("admin:signups_signuprequest_changelist"),
            {"action": "mark_contacted", "_selected_action": [signup.pk]},
        )
        admin_client.post(
            reverse("admin:signups_signuprequest_change", args=[signup.pk]),
            {
                "first_name": signup.first_name,
                "last_name": signup.last_name,
                "email": signup.email,
                "phone": signup.phone,
                "town": signup.town,
                "work_situation": signup.work_situation,
                "group": group.pk,
                "status": SignupRequest.Status.CONTACTED,
                "internal_notes": "Chiamata",
            },
        )
    assert LogEntry.objects.filter(object_repr__contains="Brambati").exists()

    call_command("purge_signups", stdout=StringIO())

    assert not LogEntry.objects.filter(object_repr__contains="Brambati").exists()
    assert LogEntry.objects.filter(object_id=str(due.pk)).exists()  # the line stays
    assert LogEntry.objects.filter(object_repr__contains="Sironi").exists()
    admin_client.get(reverse("admin:index"))  # shows, and so drops, the pending messages
    history = admin_client.get(reverse("admin:signups_signuprequest_history", args=[due.pk]))
    assert "Brambati" not in history.content.decode()


def test_purge_deletes_old_login_records_and_expired_sessions(db, settings):
    from axes.models import AccessAttempt, AccessLog
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    old = timezone.now() - datetime.timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS + 1)
    recent = timezone.now() - datetime.timedelta(days=1)
    for when, name in ((old, "vecchio"), (recent, "recente")):
        log = AccessLog.objects.create(username=name, ip_address="192.0.2.1", user_agent="x")
        AccessLog.objects.filter(pk=log.pk).update(attempt_time=when)
        attempt = AccessAttempt.objects.create(
            username=name, ip_address="192.0.2.1", user_agent="x", failures_since_start=1
        )
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=when)
    expired, live = SessionStore(), SessionStore()
    expired.set_expiry(-10)
    expired.create()
    live.create()

    call_command("purge_signups", stdout=StringIO())

    assert list(AccessLog.objects.values_list("username", flat=True)) == ["recente"]
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["recente"]
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_dry_run_keeps_history_logins_and_sessions(db):
    from axes.models import AccessLog

    log = AccessLog.objects.create(username="vecchio", ip_address="192.0.2.1", user_agent="x")
    AccessLog.objects.filter(pk=log.pk).update(
        attempt_time=timezone.now() - datetime.timedelta(days=400)
    )
    call_command("purge_signups", "--dry-run", stdout=StringIO())
    assert AccessLog.objects.exists()
