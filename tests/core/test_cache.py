import datetime
import gzip
import re
import threading
import time

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from core.cache import GROUPS, PRESS, SharedRedisCache, content_changed
from core.cache.pieces import builds, per_content_version, piece_key
from press.models import PressItem
from signups.models import SignupRequest

pytestmark = pytest.mark.django_db


def test_second_visit_to_a_public_page_needs_no_query(
    client, planned_group, django_assert_num_queries
):
    client.get(planned_group.get_absolute_url())
    with django_assert_num_queries(0):
        response = client.get(planned_group.get_absolute_url())
    assert planned_group.name in response.content.decode()


def test_a_coordinators_change_shows_at_once(client, planned_group):
    url = planned_group.get_absolute_url()
    client.get(url)
    meeting = planned_group.meetings.upcoming().first()
    meeting.public_note = "Portate una penna"
    meeting.save()
    assert "Portate una penna" in client.get(url).content.decode()
    PressItem.objects.create(
        title="Nuovo articolo",
        slug="nuovo",
        published_on=datetime.date(2026, 1, 1),
        is_published=True,
    )
    assert "Nuovo articolo" in client.get(reverse("press:list")).content.decode()


def test_a_new_featured_item_shows_on_the_cached_home(client, db):
    client.get(reverse("home"))
    PressItem.objects.create(
        title="In evidenza oggi",
        slug="oggi",
        published_on=datetime.date(2026, 1, 1),
        is_published=True,
        featured=True,
    )
    assert "In evidenza oggi" in client.get(reverse("home")).content.decode()


def test_each_visitor_of_the_signup_form_gets_a_csrf_token_of_their_own(client, group):
    client.get(reverse("signups:signup"))
    first_token = client.cookies["csrftoken"].value
    client.cookies.clear()
    client.get(reverse("signups:signup"))
    assert client.cookies["csrftoken"].value != first_token


def test_search_results_are_cached_per_query(client, db):
    PressItem.objects.create(
        title="Gruppo di Seveso",
        slug="a",
        published_on=datetime.date(2016, 1, 1),
        is_published=True,
    )
    PressItem.objects.create(
        title="Radio Monza", slug="b", published_on=datetime.date(2016, 1, 2), is_published=True
    )
    seveso = client.get(reverse("press:list"), {"q": "seveso"}).content.decode()
    radio = client.get(reverse("press:list"), {"q": "radio"}).content.decode()
    assert "Gruppo di Seveso" in seveso and "Radio Monza" not in seveso
    assert "Radio Monza" in radio and "Gruppo di Seveso" not in radio


def test_development_server_never_serves_a_stale_page(client, planned_group, settings):
    settings.DEBUG = True
    client.get(planned_group.get_absolute_url())
    planned_group.__class__.objects.filter(pk=planned_group.pk).update(name="Nome cambiato")
    assert "Nome cambiato" in client.get(planned_group.get_absolute_url()).content.decode()


def test_unknown_query_parameters_neither_miss_nor_fill_the_cache(
    client, planned_group, django_assert_num_queries, monkeypatch
):
    from core.cache.pages import PageCacheMiddleware

    client.get(reverse("home"))
    stored = []
    monkeypatch.setattr(PageCacheMiddleware, "store", lambda *args: stored.append(args))
    with django_assert_num_queries(0):
        for n in range(5):
            assert client.get(reverse("home"), {"x": n}).status_code == 200
    assert stored == []


def test_an_unknown_query_parameter_never_reaches_the_page(make_press_item, client):
    for day in range(1, 25):
        make_press_item(f"Articolo {day}", datetime.date(2016, 1, day))
    page = client.get(reverse("press:list"), {"tipo": "articolo", "utm": "evil"}).content.decode()
    assert "tipo=articolo&amp;pagina=2" in page
    assert "evil" not in page


def test_a_cached_page_keeps_its_security_headers(client, planned_group):
    first = client.get(planned_group.get_absolute_url())
    second = client.get(planned_group.get_absolute_url())
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "Permissions-Policy",
        "Referrer-Policy",
        "X-Content-Type-Options",
        "Cache-Control",
    ):
        assert second[header] == first[header]
    assert "max-age=60" in second["Cache-Control"]


def test_compressed_and_plain_visitors_each_get_their_own_cached_copy(
    client, planned_group, django_assert_num_queries
):
    url = planned_group.get_absolute_url()
    client.get(url, headers={"accept-encoding": "gzip, br"})
    client.get(url)
    with django_assert_num_queries(0):
        compressed = client.get(url, headers={"accept-encoding": "gzip, br"})
        plain = client.get(url)
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert not plain.has_header("Content-Encoding")
    assert "Accept-Encoding" in plain["Vary"] and "Accept-Encoding" in compressed["Vary"]


def test_the_ics_feed_and_the_press_feed_are_sent_compressed(client, planned_group):
    for url in (reverse("meetings:feed"), reverse("press:feed")):
        response = client.get(url, headers={"accept-encoding": "gzip"})
        assert response["Content-Encoding"] == "gzip", url


def test_a_second_visitor_of_the_signup_form_can_submit_it(group):
    for n in range(2):
        visitor = Client(enforce_csrf_checks=True)
        page = visitor.get(reverse("signups:signup")).content.decode()
        fields = dict(
            re.findall(r'name="(csrfmiddlewaretoken|submission_token)" value="([^"]+)"', page)
        )
        data = {
            "first_name": "Maria",
            "last_name": f"Rossi {n}",
            "phone": f"348 123 456{n}",
            "town": "Seregno",
            "group": group.pk,
            "work_situation": SignupRequest.WorkSituation.UNEMPLOYED,
            "privacy": "on",
            **fields,
        }
        assert visitor.post(reverse("signups:signup"), data).status_code == 302
    assert SignupRequest.objects.count() == 2


def test_an_acceptance_shows_the_group_full_at_once(client, group, make_signup):
    group.capacity = 1
    group.save()
    url = reverse("signups:signup-group", args=[group.slug])
    assert "al completo" not in client.get(url).content.decode()
    make_signup(group=group, status=SignupRequest.Status.ACCEPTED)
    assert "al completo" in client.get(url).content.decode()


def test_the_admin_is_never_stored_and_the_signup_form_never_with_a_visitors_tokens(
    client, group, monkeypatch
):
    from core.cache.pages import PageCacheMiddleware

    stored = {}

    def store(_middleware, request, key, versions, response, near_used):
        stored[request.path] = response.content.decode()

    monkeypatch.setattr(PageCacheMiddleware, "store", store)
    served = client.get(reverse("signups:signup")).content.decode()
    client.get(reverse("admin:login"))
    client.get(reverse("groups:list"))
    assert set(stored) == {reverse("signups:signup"), reverse("groups:list")}
    for token in form_tokens(served):
        assert token not in stored[reverse("signups:signup")]


def test_a_cache_hit_asks_the_cache_once(client, planned_group, monkeypatch, settings):
    from django.core.cache import cache

    settings.PAGE_CACHE_NEAR_SECONDS = 0  # no copy in the process: every hit asks
    calls = []

    class CountingCache:
        def __getattr__(self, name):
            calls.append(name)
            return getattr(cache, name)

    client.get(planned_group.get_absolute_url())
    monkeypatch.setattr("core.cache.pages.cache", CountingCache())
    monkeypatch.setattr("core.cache.families.cache", CountingCache())
    assert client.get(planned_group.get_absolute_url()).status_code == 200
    assert calls == ["get_many"]


def test_the_redis_cache_keeps_one_client_per_process(monkeypatch):
    import redis

    # Every command, read or write, from either backend: the client that sent it (kept, so
    # that no two of them share an id).
    senders = []

    def execute_command(client, *args, **options):
        senders.append(client)

    monkeypatch.setattr(redis.Redis, "execute_command", execute_command)
    first = SharedRedisCache("redis://127.0.0.1:6379/9", {})
    second = SharedRedisCache("redis://127.0.0.1:6379/9", {})
    first.get("a")
    first.set("a", 1)
    second.get("a")
    second.delete("a")
    assert len(senders) == 4
    assert all(sender is senders[0] for sender in senders)


@pytest.fixture
def shared_cache(monkeypatch, settings):
    """The page cache as with Redis: each process keeps its own copy of the pages too."""
    from django.core.cache import cache

    from core.cache import families, near, pieces
    from core.cache import pages as page_cache

    settings.PAGE_CACHE_NEAR_SECONDS = 1
    monkeypatch.setattr(near, "used", lambda: True)
    near.clear()
    calls = []

    class CountingCache:
        def __getattr__(self, name):
            calls.append(name)
            return getattr(cache, name)

    monkeypatch.setattr(page_cache, "cache", CountingCache())
    monkeypatch.setattr(pieces, "cache", CountingCache())
    monkeypatch.setattr(families, "cache", CountingCache())
    return calls


def another_worker_renames(group, name: str) -> None:
    """A change made in another process: the database and Redis, not this process."""
    import time

    from django.core.cache import cache

    from core.cache import version_keys

    type(group).objects.filter(pk=group.pk).update(name=name)
    cache.set(version_keys([GROUPS])[0], time.time_ns(), timeout=None)


def test_with_near_pages_a_page_served_a_moment_ago_costs_no_round_trip(
    client, planned_group, shared_cache
):
    url = reverse("groups:list")
    client.get(url)
    shared_cache.clear()
    response = client.get(url)
    assert response.status_code == 200 and planned_group.name in response.content.decode()
    assert shared_cache == []
    assert client.head(url).content == b"" and shared_cache == []


def test_with_near_pages_another_workers_change_shows_within_a_second(
    client, planned_group, shared_cache
):
    from core.cache import near

    url = reverse("groups:list")
    client.get(url)
    another_worker_renames(planned_group, "Gruppo rinominato")
    assert "Gruppo rinominato" not in client.get(url).content.decode()  # this very second
    near.recent_versions.read_at -= 1  # a second later
    assert "Gruppo rinominato" in client.get(url).content.decode()


def form_tokens(page: str) -> tuple[str, str]:
    return tuple(
        re.search(rf'name="{name}" value="([^"]+)"', page).group(1)
        for name in ("csrfmiddlewaretoken", "submission_token")
    )


def test_with_near_copies_the_sign_up_form_served_a_moment_ago_costs_no_round_trip(
    client, planned_group, shared_cache
):
    url = reverse("signups:signup")
    first = client.get(url).content.decode()
    shared_cache.clear()
    second = client.get(url).content.decode()
    assert planned_group.name in second
    assert shared_cache == []
    # Still each visitor's own tokens.
    assert form_tokens(first)[1] != form_tokens(second)[1]


def test_with_near_copies_another_workers_change_shows_in_the_sign_up_form_within_a_second(
    client, planned_group, shared_cache
):
    from core.cache import near

    url = reverse("signups:signup")
    client.get(url)
    another_worker_renames(planned_group, "Gruppo rinominato")
    assert "Gruppo rinominato" not in client.get(url).content.decode()  # this very second
    near.recent_versions.read_at -= 1  # a second later
    assert "Gruppo rinominato" in client.get(url).content.decode()


def test_with_near_pages_a_change_shows_at_once_in_the_worker_that_made_it(
    client, planned_group, shared_cache
):
    url = reverse("groups:list")
    client.get(url)
    planned_group.name = "Gruppo del giovedì"
    planned_group.save()
    assert "Gruppo del giovedì" in client.get(url).content.decode()


def test_a_piece_is_rendered_once_per_content_version_and_value_it_varies_on(settings):
    from django.template import Context, Template

    piece = Template('{% load fragments %}{% fragment "test" group %}{{ count }}{% endfragment %}')

    def render(count: int, group: str = "seveso") -> str:
        return piece.render(Context({"count": count, "group": group}))

    assert render(1) == "1"
    assert render(2) == "1"  # kept
    assert render(3, group="vimercate") == "3"  # another value, another piece
    content_changed(GROUPS)
    assert render(4) == "4"
    settings.DEBUG = True  # a developer editing a template sees it at once
    assert render(5) == "5"


def test_a_page_rendered_between_a_save_and_its_commit_is_not_kept(
    client, planned_group, settings, django_capture_on_commit_callbacks
):
    from meetings.models import Meeting

    settings.PAGE_CACHE_ENABLED = False  # the pieces kept per content version, under test
    url = reverse("meetings:list")
    meeting = planned_group.meetings.get(number=18)
    with django_capture_on_commit_callbacks(execute=True):
        content_changed(GROUPS, using="default")  # a coordinator's save: its signal comes first
        assert "Il colloquio" not in client.get(url).content.decode()  # a visitor meanwhile
        Meeting.objects.filter(pk=meeting.pk).update(topic="Il colloquio")  # then the rows
    assert "Il colloquio" in client.get(url).content.decode()


def test_a_made_up_group_in_the_calendar_filter_is_reported_to_that_visitor_only(
    client, planned_group, settings
):
    settings.PAGE_CACHE_ENABLED = False
    url = reverse("meetings:list")
    client.get(url)
    content_changed(GROUPS)  # the first render after a change decides what is kept
    content_changed(PRESS)
    bogus = client.get(url, {"gruppo": "Il gruppo è sospeso"}).content.decode()
    assert "invalid-feedback" in bogus
    page = client.get(url).content.decode()
    assert "invalid-feedback" not in page and "sospeso" not in page
    bogus_archive = client.get(reverse("press:list"), {"anno": "sospeso"}).content.decode()
    assert "invalid-feedback" in bogus_archive
    assert "invalid-feedback" not in client.get(reverse("press:list")).content.decode()


def crowd_one_build(
    name: str, ask, building: threading.Event, release: threading.Event, waiters: int
):
    """`ask` in a first thread, then, once that thread is building piece `name`, in
    `waiters` more; `release` lets the build end only when all of them wait on it."""
    first = threading.Thread(target=ask, name="first")
    first.start()
    assert building.wait(10)
    others = [threading.Thread(target=ask, name=f"waiter-{n}") for n in range(waiters)]
    for thread in others:
        thread.start()
    key = piece_key(name)
    deadline = time.monotonic() + 10
    while builds.users(key) < 1 + waiters:
        assert time.monotonic() < deadline, "the waiters never asked"
        time.sleep(0.001)
    release.set()
    for thread in [first, *others]:
        thread.join(10)
    assert builds.users(key) == 0


def test_threads_missing_the_same_piece_at_once_build_it_once(settings):
    built, answers = [], []
    first_building = threading.Event()
    let_it_finish = threading.Event()

    def build() -> str:
        built.append(threading.current_thread().name)
        first_building.set()
        assert let_it_finish.wait(10)
        return "la mappa del sito"

    def ask() -> None:
        answers.append(per_content_version("sitemap-test", build, families=[PRESS]))

    crowd_one_build("sitemap-test", ask, first_building, let_it_finish, waiters=1)
    assert built == ["first"]
    assert answers == ["la mappa del sito"] * 2


def test_threads_waiting_on_a_build_that_fails_get_its_error_without_building_again(settings):
    built, errors = [], []
    first_building = threading.Event()
    let_it_fail = threading.Event()

    def build() -> str:
        built.append(threading.current_thread().name)
        first_building.set()
        assert let_it_fail.wait(10)
        raise OperationalError("the database went away")

    def ask() -> None:
        try:
            per_content_version("feed-test", build, families=[PRESS])
        except OperationalError as error:
            errors.append(str(error))

    crowd_one_build("feed-test", ask, first_building, let_it_fail, waiters=3)
    assert built == ["first"]  # not one build per waiter, each after the last
    assert errors == ["the database went away"] * 4
    # The next visitor tries again.
    assert per_content_version("feed-test", lambda: "di nuovo", families=[PRESS]) == "di nuovo"
