"""Maria lives in Monza, where there is no group: "Dove abiti?" tells her which is nearest."""

import csv
import re

import pytest
from django.urls import reverse

from groups import towns

pytestmark = pytest.mark.django_db


def nearest_list(page: str) -> list[tuple[str, str]]:
    """(group name, distance line) of each card in the "nearest groups" list, in order."""
    part = page.split('id="gruppi-vicini"')[1].split("</ol>")[0]
    cards = part.split('<li class="card')[1:]
    return [
        (
            re.search(r"<h3[^>]*><a[^>]*>([^<]+)</a>", card).group(1),
            " ".join(re.search(r'class="distance[^"]*"[^>]*>([^<]*)<', card).group(1).split()),
        )
        for card in cards
    ]


def test_choosing_monza_lists_the_nearest_groups_with_distances_without_javascript(
    client, seeded, django_assert_max_num_queries
):
    home = client.get(reverse("home")).content.decode()
    # The home page's form is a plain GET to the groups page: no script needed.
    assert re.search(r'<form[^>]*method="get"[^>]*action="/gruppi/"', home)
    assert 'name="comune"' in home
    with django_assert_max_num_queries(4):
        response = client.get(reverse("groups:list"), {"comune": "Monza"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "I gruppi più vicini a Monza" in page
    found = nearest_list(page)
    assert found == [
        ("AMALav Brugherio", "Brugherio, a 4 km"),
        ("AMALav Vimercate", "Vimercate, a 8 km"),
        ("AMALav Cesano Maderno", "Cesano Maderno, a 11 km"),
        ("AMALav Archimedes Verano Brianza", "Verano Brianza, a 12 km"),
        ("AMALav Seveso", "Seveso, a 13 km"),
    ]


def test_distances_are_the_straight_line_between_the_towns_centroids():
    monza, seveso = towns.find("Monza"), towns.find("Seveso")
    # Monza (45.583442, 9.273526) to Seveso (45.643466, 9.137379): 12.5 km on the sphere.
    assert towns.distance_km(monza, seveso) == pytest.approx(12.5, abs=0.05)
    assert towns.distance_km(monza, monza) == 0


def test_a_town_typed_in_small_letters_without_accents_is_found(client, seeded):
    page = client.get(reverse("groups:list"), {"comune": "  muggio "}).content.decode()
    assert "I gruppi più vicini a Muggiò" in page
    assert towns.find("cornate dadda") is None
    assert towns.find("Cornate d\N{RIGHT SINGLE QUOTATION MARK}Adda").name == "Cornate d'Adda"
    assert towns.find("bovisio masciago").name == "Bovisio-Masciago"


def test_a_town_outside_the_province_is_told_beside_the_field_in_italian(client, seeded):
    response = client.get(reverse("groups:list"), {"comune": "Milano"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Non troviamo «Milano» tra i 55 comuni della provincia di Monza e Brianza" in page
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="comune-errore comune-aiuto"' in page
    # Every group taking requests is still listed, in the order of their towns.
    assert nearest_list(page)[0][0] == "AMALav Brugherio"


def test_hostile_or_huge_town_names_get_a_page_not_an_error(client, seeded):
    for value in ("<script>x</script>", "x" * 5000, "\x00", "Monza' OR 1=1"):
        response = client.get(reverse("groups:list"), {"comune": value})
        assert response.status_code in (200, 400)
        assert b"<script>x</script>" not in response.content


def test_the_data_file_holds_the_55_comuni_with_their_source_and_licence():
    text = towns.DATA_FILE.read_text(encoding="utf-8")
    assert "opendatasicilia/comuni-italiani" in text
    assert "states no licence" in text
    assert "CC BY" in text
    rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    assert [row["istat"] for row in rows] == [f"108{n:03d}" for n in range(1, 56)]
    assert len({row["name"] for row in rows}) == 55
    for row in rows:
        # The province's box: a misplaced decimal point in a copy would fall outside it.
        assert 45.5 < float(row["lat"]) < 45.8 and 9.0 < float(row["lon"]) < 9.5, row


def test_the_map_is_drawn_inline_from_the_same_data_with_the_groups_marked(client, seeded):
    page = client.get(reverse("groups:list"), {"comune": "Monza"}).content.decode()
    svg = page.split("<svg")[1].split("</svg>")[0]
    assert svg.count("<circle") == 55 + 5 + 1  # every comune, each group's town, Monza
    assert "<title>Lentate sul Seveso</title>" in svg
    assert ">Monza</text>" in svg
    assert "http" not in svg and "<image" not in svg
    # The script that sorts the list as she types is our own file, no inline code.
    assert re.search(r'<script src="/static/js/dove-abiti\.js" defer></script>', page)
    assert "<script>" not in page
