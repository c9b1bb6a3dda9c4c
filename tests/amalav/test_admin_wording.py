"""The admin's Italian reads right: agreement with numbers, no guessed gender (issue 22)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from signups.models import SignupRequest

pytestmark = pytest.mark.django_db


def test_new_coordinator_message_fits_a_woman_and_a_man(admin_client, group):
    response = admin_client.post(
        reverse("admin:groups_group_new_coordinator"),
        {
            "first_name": "Maria",
            "last_name": "Rossi",
            "email": "maria.rossi@example.org",
            "groups": [group.pk],
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Maria Rossi ora coordina i gruppi scelti" in page
    assert "coordinatore: gli abbiamo" not in page


def test_one_accepted_person_and_one_free_place_are_singular(make_signup, admin_client, group):
    make_signup(group, status=SignupRequest.Status.ACCEPTED)
    page = admin_client.get(reverse("admin:groups_group_changelist")).content.decode()
    assert "1 accettata, posti non limitati" in page
    group.capacity = 2
    group.save()
    page = admin_client.get(reverse("admin:groups_group_changelist")).content.decode()
    assert "1 libero su 2" in page


def test_a_missing_row_is_explained_without_a_question_or_a_gender(admin_client):
    url = reverse("admin:signups_signuprequest_change", args=[999999])
    page = admin_client.get(url, follow=True).content.decode()
    assert "Non c&#x27;è nessun elemento «richiesta di adesione» con ID «999999»" in page
    assert "Probabilmente" not in page


def test_closure_form_tells_a_coordinator_the_group_is_required(coordinator_client):
    page = coordinator_client.get(reverse("admin:meetings_closureperiod_add")).content.decode()
    assert "Uno dei gruppi che coordini" in page
    assert "vale per tutti i gruppi" not in page


def test_closure_form_tells_the_office_an_empty_group_closes_every_group(admin_client):
    page = admin_client.get(reverse("admin:meetings_closureperiod_add")).content.decode()
    assert "Vuoto: la chiusura vale per tutti i gruppi." in page


def test_office_cleans_up_expired_login_attempts_in_italian(admin_client):
    old = AccessAttempt.objects.create(
        username="anna",
        ip_address="192.0.2.10",
        user_agent="Firefox",
        failures_since_start=1,
        get_data="",
        post_data="",
        http_accept="text/html",
        path_info="/admin/login/",
    )
    AccessAttempt.objects.filter(pk=old.pk).update(
        attempt_time=timezone.now() - datetime.timedelta(days=2)
    )
    response = admin_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "cleanup_expired_attempts", "_selected_action": [old.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 tentativo scaduto eliminato." in response.content.decode()
    assert not AccessAttempt.objects.exists()
