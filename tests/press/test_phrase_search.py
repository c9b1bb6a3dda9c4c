"""A phrase in quotes finds the items with its words side by side, at any archive size."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from press.models import PressItem, holds_ngrams_of

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search"),
]


@pytest.fixture
def items(make_press_item) -> None:
    day = datetime.date(2016, 4, 13)
    make_press_item("Il mutuo per la famiglia dei giovani", day, summary="Mutuo famiglia giovani.")
    make_press_item("Giovani e famiglia", day, summary="Un mutuo, poi la famiglia, poi i giovani.")
    make_press_item("La crisi a Seregno", day)


def titles(client, q: str) -> list[str]:
    response = client.get(reverse("press:list"), {"q": q})
    return sorted(item.title for item in response.context["page"].object_list)


def test_a_phrase_finds_only_the_items_with_its_words_side_by_side(client, items):
    assert titles(client, '"mutuo famiglia giovani"') == ["Il mutuo per la famiglia dei giovani"]
    assert titles(client, "mutuo famiglia giovani") == [
        "Giovani e famiglia",
        "Il mutuo per la famiglia dei giovani",
    ]


def test_a_phrase_of_one_word_or_with_stop_words_still_finds_it(client, items):
    assert titles(client, '"crisi"') == ["La crisi a Seregno"]
    assert titles(client, '"la crisi"') == ["La crisi a Seregno"]
    assert titles(client, '"crisi a seregno" famiglia') == []


def test_a_phrase_reads_the_index_of_neighbouring_words(items):
    query = PressItem.objects.filter(holds_ngrams_of("mutuo famiglia giovani"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = query.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "press_search_ngrams_gin" in plan
