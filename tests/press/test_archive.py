import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.urls import reverse

from groups.models import Group
from press.models import Outlet, PressItem
from tests.pages import sitemap_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(make_press_item, db):
    giornale = Outlet.objects.create(
        name="Il Giornale di Desio", website="https://giornale.example"
    )
    cittadino = Outlet.objects.create(name="Il Cittadino di Monza e Brianza")
    items = {
        "release": make_press_item(
            "Ripartono i gruppi di auto mutuo aiuto lavoro",
            datetime.date(2016, 4, 13),
            kind=PressItem.Kind.RELEASE,
            summary="Conferenza stampa a Cesano Maderno.",
            body="Il gruppo di auto mutuo aiuto si incontra ogni due settimane.",
        ),
        "article": make_press_item(
            "Disoccupati, a Seveso un aiuto concreto",
            datetime.date(2016, 5, 2),
            kind=PressItem.Kind.ARTICLE,
            outlet=giornale,
            summary="Intervista ai partecipanti.",
        ),
        "radio": make_press_item(
            "AMALav alla radio",
            datetime.date(2015, 10, 1),
            kind=PressItem.Kind.RADIO,
            outlet=cittadino,
        ),
        "draft": make_press_item(
            "Bozza riservata sui gruppi", datetime.date(2016, 6, 1), is_published=False
        ),
    }
    return {"outlets": (giornale, cittadino), **items}


def titles(response) -> list[str]:
    return [item.title for item in response.context["page"]]


def test_archive_is_newest_first_and_hides_drafts(client, archive):
    response = client.get(reverse("press:list"))
    assert titles(response) == [
        "Disoccupati, a Seveso un aiuto concreto",
        "Ripartono i gruppi di auto mutuo aiuto lavoro",
        "AMALav alla radio",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("anno=2015", ["AMALav alla radio"]),
        ("tipo=comunicato", ["Ripartono i gruppi di auto mutuo aiuto lavoro"]),
        ("anno=2016&tipo=articolo", ["Disoccupati, a Seveso un aiuto concreto"]),
        ("q=seveso", ["Disoccupati, a Seveso un aiuto concreto"]),
        ("q=conferenza&anno=2016", ["Ripartono i gruppi di auto mutuo aiuto lavoro"]),
        ("q=conferenza&anno=2015", []),
    ],
)
def test_filters_and_search_combine(client, archive, query, expected):
    assert titles(client.get(reverse("press:list") + "?" + query)) == expected


def test_outlet_filter(client, archive):
    giornale = archive["outlets"][0]
    response = client.get(reverse("press:list"), {"testata": giornale.pk})
    assert titles(response) == ["Disoccupati, a Seveso un aiuto concreto"]


def test_search_never_finds_drafts(client, archive):
    assert titles(client.get(reverse("press:list"), {"q": "riservata"})) == []


def test_invalid_filter_is_reported_and_ignored(client, archive):
    response = client.get(reverse("press:list"), {"anno": "duemila", "tipo": "comunicato"})
    assert response.status_code == 200
    assert titles(response) == ["Ripartono i gruppi di auto mutuo aiuto lavoro"]
    assert "id_anno_error" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Italian stemming is PostgreSQL's")
def test_italian_stemming_finds_singular_from_plural(client, archive):
    # "gruppi" stems like "gruppo": the release body only says "gruppo di auto mutuo aiuto".
    PressItem.objects.filter(pk=archive["release"].pk).update(title="Comunicato", summary="")
    assert titles(client.get(reverse("press:list"), {"q": "gruppi"})) == ["Comunicato"]
    assert titles(client.get(reverse("press:list"), {"q": "incontrano"})) == ["Comunicato"]


def test_search_is_case_insensitive_on_every_database(client, archive):
    assert titles(client.get(reverse("press:list"), {"q": "AMALAV RADIO"})) == ["AMALav alla radio"]


def test_pagination_keeps_filters(make_press_item, client, db):
    for day in range(1, 46):
        make_press_item(f"Articolo {day}", datetime.date(2016, 1, 1) + datetime.timedelta(days=day))
    make_press_item("Articolo del 2017", datetime.date(2017, 3, 1))
    first = client.get(reverse("press:list"), {"anno": "2016", "q": "articolo"})
    page = first.content.decode()
    assert "Pagina 1 di 3" in page
    assert "?anno=2016&amp;q=articolo&amp;pagina=2" in page
    second = client.get(reverse("press:list") + "?q=articolo&anno=2016&pagina=2")
    assert len(titles(second)) == 20
    assert "Articolo del 2017" not in titles(second)
    third = client.get(reverse("press:list") + "?q=articolo&anno=2016&pagina=3")
    assert len(titles(third)) == 5
    # A page past the end shows the last one instead of an error.
    assert client.get(reverse("press:list") + "?pagina=999").status_code == 200


def test_item_page_has_its_details_and_sharing_tags(make_group, client, archive, venue):
    group = make_group(venue=venue)
    article = archive["article"]
    article.related_groups.add(group)
    article.external_url = "https://giornale.example/articolo"
    article.save()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Il Giornale di Desio" in page
    assert "lunedì 2 maggio 2016" in page
    assert "https://giornale.example/articolo" in page
    assert group.get_absolute_url() in page
    assert (
        f'<link rel="canonical" href="http://127.0.0.1:8000{article.get_absolute_url()}">' in page
    )
    assert '<meta property="og:title" content="Disoccupati, a Seveso un aiuto concreto">' in page
    assert '<meta name="twitter:card" content="summary">' in page


def test_body_text_is_shown_as_text_never_as_html(make_press_item, client, db):
    item = make_press_item(
        "Con markup", datetime.date(2016, 1, 1), body="<script>alert(1)</script>\n\nSecondo"
    )
    page = client.get(item.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert "<p>Secondo</p>" in page


def test_unpublished_item_is_invisible_everywhere(client, archive):
    draft = archive["draft"]
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert draft.title not in client.get(reverse("press:list")).content.decode()
    assert draft.title not in client.get(reverse("press:feed")).content.decode()
    assert draft.title not in client.get(reverse("press:atom")).content.decode()
    assert draft.get_absolute_url() not in sitemap_text(client)
    PressItem.objects.filter(pk=draft.pk).update(featured=True)
    assert draft.title not in client.get(reverse("home")).content.decode()


def test_home_shows_featured_items(client, archive):
    PressItem.objects.filter(pk=archive["radio"].pk).update(featured=True)
    page = client.get(reverse("home")).content.decode()
    assert "AMALav alla radio" in page
    assert "Disoccupati, a Seveso" not in page


def test_rss_and_atom_feeds_are_valid_and_linked_from_every_page(client, archive):
    rss = ET.fromstring(client.get(reverse("press:feed")).content)
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    rss_titles = [item.findtext("title") for item in rss.iter("item")]
    assert rss_titles[0] == "Disoccupati, a Seveso un aiuto concreto"
    assert len(rss_titles) == 3
    assert all(item.findtext("pubDate") and item.findtext("link") for item in rss.iter("item"))
    atom = ET.fromstring(client.get(reverse("press:atom")).content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert atom.tag == "{http://www.w3.org/2005/Atom}feed"
    assert len(atom.findall("a:entry", ns)) == 3
    assert all(e.find("a:updated", ns) is not None for e in atom.findall("a:entry", ns))
    head = client.get(reverse("groups:list")).content.decode().split("</head>")[0]
    assert 'type="application/rss+xml"' in head and 'type="application/atom+xml"' in head


def test_documents_are_listed_by_category_with_type_and_size(client, db, settings, tmp_path):
    from django.core.files.base import ContentFile

    from press.models import Document

    settings.MEDIA_ROOT = tmp_path
    doc = Document(title="Presentazione progetto AMALAV", source="Provincia Monza e Brianza")
    doc.file.save("presentazione.pdf", ContentFile(b"%PDF-1.4\n" + b"0" * 2048), save=True)
    Document.objects.create(
        title="Serata 14 maggio 2014", category=Document.Category.EVENTS, on_request=True
    )
    page = client.get(reverse("press:documents")).content.decode()
    assert "Il progetto" in page and "Incontri e serate" in page
    assert "PDF, 2,0" in page
    assert "fonte: Provincia Monza e Brianza" in page
    assert "chiedilo al coordinamento" in page


@pytest.mark.parametrize("count", [20, 2000])
def test_press_pages_use_a_fixed_number_of_queries(
    client, db, django_assert_max_num_queries, count
):
    outlets = [Outlet.objects.create(name=f"Testata {n}") for n in range(20)]
    group = Group.objects.create(name="G", slug="g", town="T", phase=None)
    PressItem.objects.bulk_create(
        PressItem(
            title=f"Articolo numero {n}",
            slug=f"articolo-{n}",
            published_on=datetime.date(2010, 1, 1) + datetime.timedelta(days=n),
            outlet=outlets[n % 20],
            summary="Gruppi di auto mutuo aiuto",
            featured=n % 100 == 0,
            is_published=True,
        )
        for n in range(count)
    )
    item = PressItem.objects.first()
    item.related_groups.add(group)
    for url in (
        reverse("press:list"),
        reverse("press:list") + "?q=gruppi&anno=2011&pagina=2",
        item.get_absolute_url(),
        reverse("press:feed"),
        reverse("press:atom"),
        reverse("press:documents"),
        reverse("press-page"),
        reverse("press:feeds"),
        reverse("home"),
    ):
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200


def test_a_broad_search_says_more_than_the_cap_instead_of_counting_every_match(
    make_press_item, client, db, monkeypatch
):
    monkeypatch.setattr("press.views.RESULT_CAP", 30)
    for day in range(1, 46):
        make_press_item(f"Articolo {day}", datetime.date(2016, 1, 1) + datetime.timedelta(days=day))
    page = client.get(reverse("press:list"), {"q": "articolo"}).content.decode()
    assert "più di 30 risultati" in page
    assert "Pagina 1</span>" in page
    assert "pagina=2" in page
    narrow = client.get(reverse("press:list"), {"q": "articolo 7"}).content.decode()
    assert "più di" not in narrow and "Pagina" not in narrow


def test_the_year_filter_offers_every_year_from_the_first_item_to_the_last(
    make_press_item, client, db
):
    make_press_item("Il primo", datetime.date(2013, 5, 1))
    make_press_item("L'ultimo", datetime.date(2016, 5, 1))
    page = client.get(reverse("press:list")).content.decode()
    years = re.findall(r'<option value="(20\d\d)"', page)
    assert years == ["2016", "2015", "2014", "2013"]


def test_the_chosen_filters_stay_selected(client, archive):
    page = client.get(reverse("press:list"), {"anno": "2016", "tipo": "articolo"}).content.decode()
    assert '<option value="2016" selected>' in page
    assert '<option value="articolo" selected>' in page
    assert '<option value="" selected>Tutte</option>' in page


def test_a_narrow_search_lists_its_matches_newest_first_page_after_page(
    make_press_item, client, db
):
    # 25 matches, two a day: a second page, and items of one day newest-made first.
    made = []
    for n in range(25):
        day = datetime.date(2018, 3, 1) + datetime.timedelta(days=n // 2)
        made.append(make_press_item(f"Bilancio sociale {n}", day))
    make_press_item("Altro argomento", datetime.date(2019, 1, 1))
    newest_first = sorted(made, key=lambda item: (item.published_on, item.pk), reverse=True)
    shown = []
    for number in (1, 2):
        page = client.get(reverse("press:list"), {"q": "bilancio", "pagina": number})
        shown += re.findall(r"Bilancio sociale \d+", page.content.decode())
    assert "25 risultati" in page.content.decode()
    assert shown == [item.title for item in newest_first]
