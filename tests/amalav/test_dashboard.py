import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from amalav.dashboard import this_week
from meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_coordinator_home_shows_new_requests_and_this_weeks_registers(
    log_in, client, coordinator, group, other_group, make_signup
):
    make_signup(group)
    make_signup(group)
    make_signup(group, status="accettata")
    make_signup(other_group)
    start, _end = this_week()
    mine = Meeting.objects.create(
        group=group, number=1, starts_at=start + datetime.timedelta(hours=42)
    )
    theirs = Meeting.objects.create(
        group=other_group, number=1, starts_at=start + datetime.timedelta(hours=42)
    )
    later = Meeting.objects.create(
        group=group, number=2, starts_at=start + datetime.timedelta(days=8)
    )
    log_in(client, coordinator)
    page = client.get(reverse("admin:index")).content.decode()
    changelist = reverse("admin:signups_signuprequest_changelist")
    assert f"{changelist}?group__id__exact={group.pk}&amp;status__exact=nuova" in page
    assert "AMALav Cesano Maderno: 2" in page
    assert "AMALav Seveso" not in page
    assert reverse("admin:register", args=[mine.pk]) in page
    assert reverse("admin:register", args=[theirs.pk]) not in page
    assert reverse("admin:register", args=[later.pk]) not in page
    assert reverse("admin:report") in page


def test_superuser_home_shows_every_group(admin_client, group, other_group, make_signup):
    make_signup(other_group)
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "AMALav Cesano Maderno: 0" in page
    assert "AMALav Seveso: 1" in page


def test_week_runs_monday_to_monday():
    start, end = this_week()
    assert timezone.localtime(start).weekday() == 0
    assert end - start == datetime.timedelta(days=7)


def test_coordinator_home_lists_the_emails_of_their_people_that_failed(
    log_in, client, coordinator, group, other_group, make_signup
):
    from post_office.models import STATUS

    from core import emails
    from signups.models import SentEmail

    for signup in (make_signup(group, first_name="Lucia"), make_signup(other_group)):
        email = emails.queue("signup-confirmation", signup.email, {"signup": signup})
        email.status = STATUS.failed
        email.save()
        SentEmail.objects.create(signup=signup, email=email, kind="signup-confirmation")
    log_in(client, coordinator)
    page = client.get(reverse("admin:index")).content.decode()
    failed = page.split("Email non consegnate")[1].split('class="module"')[0]
    assert "Lucia" in failed
    assert failed.count("apri la richiesta e inviala di nuovo") == 1
