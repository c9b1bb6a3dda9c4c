import pytest
from django.contrib.auth.models import Group as PermissionGroup
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.urls import reverse

from amalav.models import MenuEntry
from tests.pages import sitemap_text

pytestmark = pytest.mark.django_db


def page_form(**fields) -> dict:
    return {
        "url": "/chi-siamo/",
        "title": "Chi siamo",
        "content": "<p>Siamo <strong>AMALav</strong>.</p>",
        "menu_entry-TOTAL_FORMS": "1",
        "menu_entry-INITIAL_FORMS": "0",
        "menu_entry-MIN_NUM_FORMS": "0",
        "menu_entry-MAX_NUM_FORMS": "1",
        "menu_entry-0-position": "0",
        **fields,
    }


@pytest.fixture
def coordinator(django_user_model):
    user = django_user_model.objects.create_user("anna", "anna@example.org", "pw", is_staff=True)
    user.groups.add(PermissionGroup.objects.get(name="Coordinatori"))
    return user


def test_coordinator_creates_a_page_that_is_served_at_its_address(log_in, client, coordinator):
    log_in(client, coordinator)
    add = client.get(reverse("admin:flatpages_flatpage_add"))
    assert add.status_code == 200
    form = add.content.decode()
    assert "Per esempio: /chi-siamo/" in form
    assert 'name="sites"' not in form
    assert "data-django-prose-editor" in form
    response = client.post(
        reverse("admin:flatpages_flatpage_add"), page_form(**{"menu_entry-0-in_menu": "on"})
    )
    assert response.status_code == 302
    page = FlatPage.objects.get(url="/chi-siamo/")
    assert list(page.sites.all()) == [Site.objects.get_current()]
    client.logout()
    public = client.get("/chi-siamo/")
    assert public.status_code == 200
    assert "<strong>AMALav</strong>" in public.content.decode()


def test_page_in_the_menu_appears_in_the_navigation_and_sitemap(client, admin_client):
    admin_client.post(
        reverse("admin:flatpages_flatpage_add"),
        page_form(**{"menu_entry-0-in_menu": "on", "menu_entry-0-label": "Noi"}),
    )
    home = client.get(reverse("home")).content.decode()
    nav = home.split('class="site-nav"')[1].split("</ul>")[0]
    assert '<a href="/chi-siamo/">Noi</a>' in nav
    assert "/chi-siamo/" in sitemap_text(client)


def test_page_left_out_of_the_menu_is_not_in_the_navigation(client, admin_client):
    admin_client.post(reverse("admin:flatpages_flatpage_add"), page_form())
    home = client.get(reverse("home")).content.decode()
    assert "/chi-siamo/" not in home.split('class="site-nav"')[1].split("</ul>")[0]
    assert not MenuEntry.objects.filter(in_menu=True).exists()


def test_page_cannot_take_the_address_of_another_page(admin_client):
    response = admin_client.post(
        reverse("admin:flatpages_flatpage_add"), page_form(url=reverse("groups:list"))
    )
    assert response.status_code == 200
    assert "Questo indirizzo è già di un" in response.content.decode()


def test_page_content_is_sanitised_with_the_allowed_tags(admin_client):
    admin_client.post(
        reverse("admin:flatpages_flatpage_add"),
        page_form(content='<p onclick="x()">Ciao</p><script>alert(1)</script><h2>Titolo</h2>'),
    )
    content = FlatPage.objects.get(url="/chi-siamo/").content
    assert content == "<p>Ciao</p><h2>Titolo</h2>"


def test_page_form_has_a_preview_link(admin_client):
    admin_client.post(reverse("admin:flatpages_flatpage_add"), page_form())
    page = FlatPage.objects.get(url="/chi-siamo/")
    change = admin_client.get(reverse("admin:flatpages_flatpage_change", args=[page.pk]))
    assert 'href="/chi-siamo/"' in change.content.decode()
    assert "Anteprima" in change.content.decode()


def test_unknown_address_is_still_a_404(client, db):
    assert client.get("/non-esiste/").status_code == 404
