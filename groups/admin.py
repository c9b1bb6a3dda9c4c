from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from groups.forms import CoordinatorForm
from groups.models import Group, Phase, Venue
from groups.services import invite_coordinator


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


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Group)
class GroupAdmin(CoordinatorScopedAdmin):
    """The catalogue's fields; apps above add their columns and actions in amalav/admin.py."""

    group_field = "pk"
    list_display = ["name", "town", "kind", "phase", "status", "start_date"]
    list_filter = ["status", "kind", "phase", "town"]
    search_fields = ["name", "town", "description"]
    list_select_related = ["venue", "phase"]
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

    def get_urls(self) -> list:
        view = self.admin_site.admin_view(self.new_coordinator_view)
        return [
            path("nuovo-coordinatore/", view, name="groups_group_new_coordinator"),
            *super().get_urls(),
        ]

    def new_coordinator_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("auth.add_user"):
            raise PermissionDenied
        form = CoordinatorForm(request.POST or None, initial={"groups": request.GET.get("gruppo")})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            user = invite_coordinator(
                data["first_name"],
                data["last_name"],
                data["email"],
                data["groups"],
                settings.SITE_URL,
            )
            self.message_user(
                request,
                _("%(name)s è ora coordinatore: gli abbiamo scritto a %(email)s.")
                % {"name": user.get_full_name(), "email": user.email},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:groups_group_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Nuovo coordinatore"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/groups/new_coordinator.html", context)
