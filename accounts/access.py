"""The record of access to personal data: who opened whose data, when, from where.

Each view that shows a person's data calls this module once: `record_people` for a
register or a sheet, `exported` around the rows of an export, `@records_opening` on a
ModelAdmin whose change page is a person's; `record_access` is what they all call.
Lines hold numbers and counts, never a name, a phone number, an email address or the
words of a search.
"""

import datetime
import functools
from collections.abc import Callable, Iterable

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.admin.views.main import ORDER_VAR, PAGE_VAR, SEARCH_VAR
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from accounts.models import AccessedPerson, AccessRecord
from core.clients import client_address

Action = AccessRecord.Action

# What stands for the words of a search in a line: they may be a person's name.
SEARCH_PLACEHOLDER = "…"


def record(
    action: str,
    *,
    user=None,
    address: str = "",
    person_ids: Iterable[int] = (),
    count: int | None = None,
    filters: dict | None = None,
    target: str = "",
    about_user=None,
) -> AccessRecord:
    """Writes one line of the record with the people it concerns."""
    with transaction.atomic():
        line = AccessRecord.objects.create(
            action=action,
            user=user,
            username=user.get_username() if user is not None else "",
            address=address or None,
            target=target[:100],
            count=count,
            filters=filters or {},
            about_user=about_user,
        )
        AccessedPerson.objects.bulk_create(
            AccessedPerson(record=line, person_id=int(pk)) for pk in dict.fromkeys(person_ids)
        )
    return line


def record_access(
    request: HttpRequest,
    action: str,
    *,
    person_ids: Iterable[int] = (),
    count: int | None = None,
    filters: dict | None = None,
    target: str = "",
    about_user=None,
) -> AccessRecord:
    """Records that the user of this request saw these people's data."""
    user = request.user if request.user.is_authenticated else None
    return record(
        action,
        user=user,
        address=client_address(request),
        person_ids=person_ids,
        count=count,
        filters=filters,
        target=target,
        about_user=about_user,
    )


def record_people(request: HttpRequest, action: str, people: list[Model], target: str = "") -> None:
    """Records a page that showed these people (a register, a sheet): numbers and count."""
    record_access(
        request, action, person_ids=[p.pk for p in people], count=len(people), target=target
    )


def list_filters(request: HttpRequest) -> dict[str, str | list[str]]:
    """An admin list's filters as its address carries them, the search's words left out."""
    filters: dict[str, str | list[str]] = {}
    for key, values in request.GET.lists():
        if key in (ORDER_VAR, PAGE_VAR):
            continue
        if key == SEARCH_VAR:
            filters[key] = SEARCH_PLACEHOLDER
            continue
        filters[key] = values[0] if len(values) == 1 else values
    if "action" in request.POST:
        filters["selezione"] = request.POST["action"]
    return filters


def exported(request: HttpRequest, rows: QuerySet) -> list[Model]:
    """The rows of an export of people, once recorded with their numbers and filters."""
    people = list(rows)
    record_access(
        request,
        Action.EXPORT,
        person_ids=[person.pk for person in people],
        count=len(people),
        filters=list_filters(request),
        target=str(rows.model._meta.verbose_name_plural),
    )
    return people


def records_opening(action: str) -> Callable[[type], type]:
    """Class decorator for a ModelAdmin: every change page it shows is a recorded opening."""

    def decorate(admin_class: type) -> type:
        change_view = admin_class.change_view

        @functools.wraps(change_view)
        def recorded_change_view(
            self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None
        ) -> HttpResponse:
            if request.user.is_superuser and object_id.isdigit():
                # The office answers "who looked at my data?" from the person's own page.
                url = reverse("admin:accounts_accessrecord_changelist")
                extra_context = {
                    **(extra_context or {}),
                    "access_record_url": f"{url}?{urlencode({'persona': object_id})}",
                }
            response = change_view(self, request, object_id, form_url, extra_context)
            # 200: the page was shown; a missing or forbidden object answers otherwise.
            if response.status_code == 200 and object_id.isdigit():
                record_access(request, action, person_ids=[int(object_id)], count=1)
            return response

        admin_class.change_view = recorded_change_view
        return admin_class

    return decorate


def purge_expired(now: datetime.datetime | None = None) -> int:
    """Deletes the lines older than ACCESS_RECORD_RETENTION_MONTHS; returns how many."""
    now = now or timezone.now()
    cutoff = now - relativedelta(months=settings.ACCESS_RECORD_RETENTION_MONTHS)
    _total, by_model = AccessRecord.objects.filter(at__lt=cutoff).delete()
    return by_model.get(AccessRecord._meta.label, 0)
