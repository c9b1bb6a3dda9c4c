"""Content families: a change empties only the pages and pieces that show it."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from signups.models import Participant, SignupRequest
from tests.forms import valid_data

pytestmark = pytest.mark.django_db

# Pages that show no capacity: the home, the archive, the feeds and the sitemaps.
NO_CAPACITY_SHOWN = [
    "/",
    "/rassegna-stampa/",
    "/rassegna-stampa/feed/",
    "/rassegna-stampa/atom/",
    "/incontri.ics",
    "/sitemap.xml",
    "/sitemap-press.xml",
]


@pytest.fixture
def seeded(db) -> None:
    call_command("load_seed", stdout=StringIO())


def test_a_signup_leaves_home_archive_feeds_and_sitemaps_as_cache_hits(
    client, seeded, django_assert_num_queries
):
    for url in NO_CAPACITY_SHOWN:
        assert client.get(url).status_code == 200, url
    response = client.post(reverse("signups:signup"), valid_data())
    assert response.status_code == 302 and SignupRequest.objects.count() == 1
    with django_assert_num_queries(0):
        for url in NO_CAPACITY_SHOWN:
            assert client.get(url).status_code == 200, url


def test_accepting_a_request_shows_the_new_count_on_the_press_page(client, seeded, make_signup):
    url = reverse("press-page")
    # The page leaves out a figure of nothing: one participant to begin with.
    first = make_signup(status=SignupRequest.Status.ACCEPTED)
    first.accepted_at = first.created_at
    first.save()
    before = Participant.objects.count()
    assert f"<dd>{before}</dd>" in client.get(url).content.decode()
    signup = make_signup()
    assert f"<dd>{before}</dd>" in client.get(url).content.decode()  # a request: not counted
    signup.status = SignupRequest.Status.ACCEPTED
    signup.accepted_at = signup.created_at
    signup.save()
    assert f"<dd>{before + 1}</dd>" in client.get(url).content.decode()


def test_a_note_on_a_request_changes_no_public_page(client, seeded, make_signup, monkeypatch):
    signup = make_signup()
    changed = []
    monkeypatch.setattr("signups.capacity.content_changed", lambda *a, **k: changed.append(a))
    signup.internal_notes = "Richiamare lunedì"
    signup.save()
    signup.delete()
    assert changed == []
