import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from groups.models import Group
from signups.models import SignupRequest
from tests.forms import valid_data

pytestmark = pytest.mark.django_db


def test_requests_stored_as_in_mobilita_are_kept_as_naspi(make_signup, group):
    migration = importlib.import_module("signups.migrations.0004_work_situation_current_choices")
    signup = make_signup(group)
    SignupRequest.objects.filter(pk=signup.pk).update(work_situation="mobilita")
    migration.rename_work_situations(django_apps, None)
    signup.refresh_from_db()
    assert signup.work_situation == "naspi"
    assert signup.get_work_situation_display() == "Senza lavoro, con la NASpI"


def test_signup_form_offers_todays_work_situations(client, group):
    page = client.get(reverse("signups:signup")).content.decode()
    for label in ("NASpI", "In cassa integrazione", "Con un contratto in scadenza", "Senza lavoro"):
        assert label in page
    assert "mobilità" not in page


def test_optional_choice_has_a_worded_empty_option_not_dashes(client, group):
    page = client.get(reverse("signups:signup")).content.decode()
    assert "---------" not in page
    assert "Preferisco non dirlo" in page


def test_archimedes_group_takes_a_request_without_a_work_situation(client, make_group):
    archimedes = make_group(
        name="AMALav Archimedes Verano Brianza", slug="verano", kind=Group.Kind.ARCHIMEDES
    )
    response = client.post(reverse("signups:signup"), valid_data(archimedes, work_situation=""))
    assert response.status_code == 302
    assert SignupRequest.objects.get().work_situation == ""


def test_a_job_loss_group_still_asks_for_the_work_situation_beside_the_field(client, group):
    response = client.post(reverse("signups:signup"), valid_data(group, work_situation=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Scegli la tua situazione lavorativa" in page
    assert 'href="#id_work_situation_0"' in page
    assert not SignupRequest.objects.exists()
    response = client.post(reverse("signups:signup"), valid_data(None, work_situation=""))
    assert "Scegli la tua situazione lavorativa" in response.content.decode()
