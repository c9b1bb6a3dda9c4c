from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from groups.models import Group, Venue


class CoordinatorScopedAdmin(admin.ModelAdmin):
    """Shows a coordinator only the rows of the groups they coordinate.

    The one admin home of coordinator scoping; `group_field` is the path from the
    model to its group ("pk" for groups themselves).
    """

    group_field = "group"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:  # also sees rows that belong to no group
            return queryset
        groups = Group.objects.coordinated_by(request.user)
        return queryset.filter(**{f"{self.group_field}__in": groups})

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == self.group_field:
            kwargs["queryset"] = Group.objects.coordinated_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "town", "address", "step_free"]
    list_filter = ["town", "step_free"]
    search_fields = ["name", "town", "address"]


@admin.register(Group)
class GroupAdmin(CoordinatorScopedAdmin):
    """The catalogue's fields; apps above add their columns and actions in amalav/admin.py."""

    group_field = "pk"
    list_display = ["name", "town", "kind", "phase", "status", "start_date"]
    list_filter = ["status", "kind", "phase", "town"]
    search_fields = ["name", "town", "description"]
    list_select_related = ["venue"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["coordinators"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "town", "kind", "phase", "status", "description"]}),
        (
            _("Dove e quando"),
            {
                "fields": [
                    "venue",
                    "start_date",
                    "start_time",
                    "meeting_duration",
                    "cycle_length",
                    "patron_saint_day",
                ]
            },
        ),
        (_("Iscrizioni e contatti"), {"fields": ["capacity", "contact_email", "contact_phone"]}),
        (_("Coordinatori"), {"fields": ["coordinators"]}),
    ]
