import pytest
from django.urls import reverse

from groups.models import Phase
from tests.logins import log_in_verified

pytestmark = pytest.mark.django_db


def test_a_new_phase_added_by_a_coordinator_shows_on_the_group_page(client, admin_client, group):
    response = admin_client.post(
        reverse("admin:groups_phase_add"), {"name": "AMALav 3 (2026)", "slug": "amalav3"}
    )
    assert response.status_code == 302
    group.phase = Phase.objects.get(slug="amalav3")
    group.save()
    assert "AMALav 3 (2026)" in client.get(group.get_absolute_url()).content.decode()


def test_the_three_original_phases_are_rows(db):
    assert set(Phase.objects.values_list("slug", flat=True)) >= {
        "amalav1",
        "amalav2",
        "archimedes",
    }


def test_new_coordinator_in_one_screen_gets_an_email_to_set_a_password(
    delivered, admin_client, client, group, django_user_model
):
    form_url = reverse("admin:groups_group_new_coordinator")
    assert form_url in admin_client.get(reverse("admin:groups_group_changelist")).content.decode()
    response = admin_client.post(
        form_url,
        {
            "first_name": "Bruna",
            "last_name": "Colombo",
            "email": "Bruna@Example.org",
            "groups": [group.pk],
        },
    )
    assert response.status_code == 302
    user = django_user_model.objects.get(email="bruna@example.org")
    assert user.is_staff and not user.is_superuser
    assert not user.has_usable_password()
    assert user.groups.filter(name="Coordinatori").exists()
    assert list(user.coordinated_groups.all()) == [group]
    [message] = delivered()
    assert message.to == ["bruna@example.org"]
    link = next(word for word in message.body.split() if "/admin/reset/" in word)
    # The link lets the person choose a password and then log in.
    path = link.split("testserver")[-1] if "testserver" in link else "/" + link.split("/", 3)[3]
    page = client.get(path, follow=True)
    assert page.status_code == 200
    set_url = page.redirect_chain[-1][0] if page.redirect_chain else path
    done = client.post(
        set_url, {"new_password1": "Brianza-2026-gruppi", "new_password2": "Brianza-2026-gruppi"}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Brianza-2026-gruppi")


def test_coordinator_cannot_create_coordinators(client, coordinator):
    log_in_verified(client, coordinator)
    response = client.get(reverse("admin:groups_group_new_coordinator"))
    assert response.status_code == 403


def test_new_coordinator_with_an_email_already_used_is_refused(admin_client, admin_user, group):
    response = admin_client.post(
        reverse("admin:groups_group_new_coordinator"),
        {"first_name": "A", "last_name": "B", "email": admin_user.email, "groups": [group.pk]},
    )
    assert response.status_code == 200
    assert "Esiste già un account con questa email." in response.content.decode()
