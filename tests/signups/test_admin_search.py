"""The coordinators' search of sign-up requests: any field, any word, indexed on PostgreSQL."""

import pytest
from django.db import connection
from django.urls import reverse

from core.admin_search import search_haystack
from signups.models import SignupRequest

pytestmark = pytest.mark.django_db

URL = reverse("admin:signups_signuprequest_changelist")


def found(admin_client, words: str) -> list[str]:
    response = admin_client.get(URL, {"q": words})
    assert response.status_code == 200
    return sorted(str(request) for request in response.context["cl"].result_list)


def test_a_search_finds_requests_by_any_of_their_fields(admin_client, make_signup, group):
    make_signup(group, first_name="Maria", last_name="Rossi", email="maria@example.org")
    make_signup(group, first_name="Luca", last_name="Bianchi", town="Seregno")
    assert found(admin_client, "rossi") == ["Maria Rossi"]
    assert found(admin_client, "SEREGNO") == ["Luca Bianchi"]
    assert found(admin_client, "maria@example") == ["Maria Rossi"]
    assert found(admin_client, "luca bianchi") == ["Luca Bianchi"]
    assert found(admin_client, "luca rossi") == []


def test_an_apostrophe_or_a_percent_sign_is_searched_literally(admin_client, make_signup):
    make_signup(first_name="Anna", last_name="D'Amico")
    assert found(admin_client, "d'amico") == ["Anna D'Amico"]
    assert found(admin_client, "%") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_the_request_search_reads_the_trigram_index(make_signup):
    from django.contrib import admin

    make_signup(last_name="Rossi")
    fields = admin.site._registry[SignupRequest].search_fields
    query = (
        SignupRequest.objects.alias(haystack=search_haystack(fields))
        .filter(haystack__contains="ROSSI")
        .order_by()
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = query.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "signups_request_search_trgm" in plan
