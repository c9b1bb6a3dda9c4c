"""Which errors the admin-list guard answers with 400, and which it leaves to be seen."""

import pytest
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.urls import resolve, reverse

from core.middleware import ChangeListLookupMiddleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def answer(rf):
    middleware = ChangeListLookupMiddleware(lambda request: HttpResponse())

    def answer(url: str, query: str, error: Exception) -> int | None:
        request = rf.get(f"{url}?{query}")
        request.user = AnonymousUser()
        request.resolver_match = resolve(url)
        response = middleware.process_exception(request, error)
        return response.status_code if response else None

    return answer


def test_a_lookup_error_on_a_models_list_or_export_with_filters_is_a_400(answer):
    requests = reverse("admin:signups_signuprequest_changelist")
    export = reverse("admin:signups_signuprequest_xlsx")
    assert answer(export, "created_at__year=99999999999", OverflowError()) == 400
    assert answer(export, "created_at__month=abc", IncorrectLookupParameters()) == 400
    assert answer(requests, "created_at__iso_year=10000", ValueError()) == 400
    meetings = reverse("admin:meetings_meeting_changelist")
    assert answer(meetings, "starts_at__year=99999999999", OverflowError()) == 400


def test_other_errors_and_other_pages_still_show_as_server_errors(answer):
    requests = reverse("admin:signups_signuprequest_changelist")
    change = reverse("admin:signups_signuprequest_change", args=[1])
    assert answer(requests, "", ValueError()) is None  # no filter to blame
    assert answer(requests, "status__exact=nuova", KeyError()) is None
    assert answer(change, "_changelist_filters=status__exact%3Dnuova", ValueError()) is None
    assert answer(reverse("admin:report"), "dal=2026-01-01", ValueError()) is None
    assert answer(reverse("signups:signup"), "gruppo=1", ValueError()) is None
