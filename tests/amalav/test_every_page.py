"""What every public page shares: one canonical address, the header's way to the press."""

import re

import pytest
from django.urls import reverse

from groups.models import Group
from tests.pages import PUBLIC_PAGES

pytestmark = pytest.mark.django_db


def test_every_public_page_names_its_one_canonical_address(client, seeded, settings):
    for name, args, _texts in PUBLIC_PAGES:
        url = reverse(name, args=args)
        head = client.get(url).content.decode().split("</head>")[0]
        links = re.findall(r'<link rel="canonical" href="([^"]+)">', head)
        assert links == [settings.SITE_URL + url], url
        assert f'<meta property="og:url" content="{settings.SITE_URL}{url}">' in head, url


def test_canonical_address_drops_what_a_visitor_typed_but_keeps_the_archive_page(
    client, seeded, settings
):
    page = client.get(reverse("groups:list"), {"comune": "Monza"}).content.decode()
    assert f'<link rel="canonical" href="{settings.SITE_URL}/gruppi/">' in page
    page = client.get(reverse("press:list"), {"pagina": "1"}).content.decode()
    assert f'<link rel="canonical" href="{settings.SITE_URL}/rassegna-stampa/">' in page


def test_header_stampa_opens_the_press_page(client, seeded):
    header = client.get(reverse("home")).content.decode().split("</header>")[0]
    assert re.search(r'<a href="/stampa/"[^>]*>Stampa</a>', header)
    header = client.get(reverse("press-page")).content.decode().split("</header>")[0]
    assert '<a href="/stampa/" aria-current="page">Stampa</a>' in header


def test_home_speaks_to_women_and_men_alike(client, seeded):
    page = client.get(reverse("home")).content.decode()
    assert "Hai perso il lavoro? Non sei solo, non sei sola." in page


def test_sign_up_descriptions_write_ad_before_a_name_starting_with_a(client, seeded):
    for group in Group.objects.all():
        head = client.get(reverse("signups:signup-group", args=[group.slug])).content.decode()
        description = re.search(r'<meta name="description" content="([^"]+)">', head).group(1)
        assert description.startswith(f"Chiedi di partecipare ad {group.name}:"), description
        assert " a AMALav" not in head


def test_calendar_links_say_what_the_file_is_for(client, demo_seeded):
    page = client.get(reverse("groups:detail", args=["seveso"])).content.decode()
    assert "Aggiungi al calendario del telefono" in page
    assert "Scarica l&#x27;evento (.ics)" not in page and "Scarica l'evento (.ics)" not in page
    assert "Scarica tutti gli incontri in un file per il calendario (.ics)" in page
