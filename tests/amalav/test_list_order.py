"""Every list a person sees has one order, the same after a restore: an explicit, total one.

A restore (or a vacuum, or another plan) hands rows back in another physical order; only
an ORDER BY that ends on something unique keeps a list as it was.
"""

import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups.models import Group
from press.views import RESULT_CAP
from tests.amalav.test_hostile_input import machine_urls
from tests.pages import PUBLIC_PAGES

PROJECT_APPS = ("amalav", "core", "groups", "meetings", "press", "signups")
# Never listed anywhere: the marks that a reminder went out.
UNLISTED = {"signups.remindersent"}


def is_total(model) -> bool:
    """Whether the model's default ordering ends every tie: a unique field or unique set."""
    fields = {name.lstrip("-") for name in model._meta.ordering}
    fields = {model._meta.pk.name if name == "pk" else name for name in fields}
    unique_sets = [{f.name} for f in model._meta.fields if f.unique]
    unique_sets += [
        set(constraint.fields)
        for constraint in model._meta.total_unique_constraints
        if constraint.condition is None
    ]
    unique_sets += [set(names) for names in model._meta.unique_together]
    return any(unique <= fields for unique in unique_sets)


def test_every_model_lists_in_a_total_order():
    models = [
        model
        for name in PROJECT_APPS
        for model in apps.get_app_config(name).get_models()
        if model._meta.label_lower not in UNLISTED
    ]
    assert [m._meta.label for m in models if not is_total(m)] == []


def test_home_page_lists_open_groups_in_town_order_whatever_order_they_were_stored(
    client, make_group
):
    # Stored in an order that is neither the towns' nor the names'; two share town and name.
    for slug, town, name in [
        ("vimercate", "Vimercate", "AMALav Vimercate"),
        ("seveso-b", "Seveso", "AMALav Seveso"),
        ("brugherio", "Brugherio", "AMALav Brugherio"),
        ("seveso-a", "Seveso", "AMALav Seveso"),
    ]:
        make_group(slug=slug, town=town, name=name, status=Group.Status.ACTIVE)
    page = client.get(reverse("home")).content.decode()
    links = re.findall(r'<a href="/gruppi/([a-z-]+)/"><strong>', page)
    assert links == ["brugherio", "seveso-a", "seveso-b", "vimercate"]


def looks_like_a_list(sql: str) -> bool:
    """A SELECT that can bring back several rows: not a get(), an exists() or a total."""
    if not sql.startswith("SELECT") or " FROM " not in sql:
        return False
    if re.search(r" LIMIT (1|21)$", sql):
        return False
    if sql.endswith(f" LIMIT {RESULT_CAP + 1}"):
        return False  # the archive counts its matches, and sorts them itself (press.views)
    aggregate_only = re.match(r"SELECT (COUNT|MAX|MIN|SUM)\(", sql) and "GROUP BY" not in sql
    return not aggregate_only


@pytest.mark.parametrize("name, args", [(name, args) for name, args, _words in PUBLIC_PAGES])
def test_every_list_on_a_public_page_is_ordered_by_the_database(client, seeded, name, args):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(name, args=args)).status_code == 200
    unordered = [
        q["sql"] for q in queries if looks_like_a_list(q["sql"]) and " ORDER BY " not in q["sql"]
    ]
    assert unordered == []


def test_every_list_in_a_feed_or_sitemap_is_ordered_by_the_database(client, seeded):
    for url in machine_urls():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        unordered = [
            q["sql"]
            for q in queries
            if looks_like_a_list(q["sql"]) and " ORDER BY " not in q["sql"]
        ]
        assert unordered == [], url
