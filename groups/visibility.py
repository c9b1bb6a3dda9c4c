"""Who sees which rows: the one rule every admin list, dashboard and report asks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from groups.models import Group

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser


def follows_requests_without_group(user: AbstractUser) -> bool:
    """The coordination (the "Coordinamento" permission group) answers "any group near me"."""
    return user.is_superuser or user.has_perm("groups.follow_requests_without_group")


def visible_rows(user: AbstractUser, group_path: str) -> Q:
    """Who sees which rows of any model that belongs to a group: the one rule.

    A coordinator sees the rows of the groups they coordinate; rows without a group
    (requests for "any group near me") are the coordination's and the superusers'.
    `group_path` leads from the model to its group ("group", "signup__group").
    """
    if user.is_superuser:
        return Q()
    scope = Q(**{f"{group_path}__in": Group.objects.coordinated_by(user)})
    if follows_requests_without_group(user):
        scope |= Q(**{f"{group_path}__isnull": True})
    return scope
