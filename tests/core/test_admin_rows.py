"""The admin's lists, drawn faster than Django draws them, read the same."""

import datetime
import re

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone, translation

from signups.models import SignupRequest

pytestmark = pytest.mark.django_db


def test_a_rows_checkbox_is_djangos_own_markup_with_the_name_escaped():
    model_admin = admin.site._registry[SignupRequest]
    request = SignupRequest(pk=7, first_name='Anna<b>"&', last_name="Rossi")
    with translation.override("it"):
        ours = model_admin.action_checkbox(request)
        djangos = admin.ModelAdmin.action_checkbox(model_admin, request)
    assert ours == djangos and "&lt;b&gt;" in ours


def received_on(make_signup, *days: tuple[int, int, int]) -> None:
    for day in days:
        signup = make_signup()
        SignupRequest.objects.filter(pk=signup.pk).update(
            created_at=timezone.make_aware(datetime.datetime(*day, 10))
        )


def test_the_date_drill_down_offers_every_year_then_every_month_between_first_and_last(
    admin_client, make_signup
):
    received_on(make_signup, (2024, 9, 5), (2024, 12, 20), (2026, 2, 3))
    url = reverse("admin:signups_signuprequest_changelist")
    page = admin_client.get(url).content.decode()
    assert [year for year in range(2023, 2028) if f"created_at__year={year}" in page] == [
        2024,
        2025,
        2026,
    ]
    page = admin_client.get(url, {"created_at__year": 2024}).content.decode()
    months = re.findall(r"created_at__month=(\d+)", page)
    assert sorted(set(map(int, months))) == [9, 10, 11, 12]


def test_a_broad_search_says_more_than_the_cap_instead_of_counting_every_match(
    admin_client, make_signup, monkeypatch
):
    monkeypatch.setattr("core.admin_search.SEARCH_COUNT_CAP", 2)
    for _ in range(3):
        make_signup(last_name="Rossi")
    make_signup(last_name="Bianchi")
    url = reverse("admin:signups_signuprequest_changelist")
    broad = admin_client.get(url, {"q": "rossi"}).content.decode()
    assert "più di 2 risultati" in broad and "più di 2 richieste di adesione" in broad
    narrow = admin_client.get(url, {"q": "bianchi"}).content.decode()
    assert "più di" not in narrow and "1 risultato" in narrow
    assert "4 richieste di adesione" in admin_client.get(url).content.decode()


def test_within_a_year_the_drill_down_offers_the_months_from_its_first_request_to_its_last(
    admin_client, make_signup
):
    received_on(make_signup, (2024, 9, 5), (2026, 3, 1), (2026, 5, 20))
    url = reverse("admin:signups_signuprequest_changelist")
    page = admin_client.get(url, {"created_at__year": 2026}).content.decode()
    months = re.findall(r"created_at__month=(\d+)", page)
    assert sorted(set(map(int, months))) == [3, 4, 5]


def test_a_coordinator_filters_requests_by_the_groups_they_coordinate_only(
    coordinator_client, group, other_group, make_signup
):
    make_signup(group=other_group)  # a request Anna never sees, nor its group
    url = reverse("admin:signups_signuprequest_changelist")
    page = coordinator_client.get(url).content.decode()
    filters = page[page.index('id="changelist-filter"') :]
    assert f"group__id__exact={group.pk}" in filters
    assert f"group__id__exact={other_group.pk}" not in filters
