from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from core.admin import ExtensibleAdmin
from groups.forms import CoordinatorForm
from groups.models import Group, Phase, Venue
from groups.services import invite_coordinator
from groups.visibility import follows_requests_without_group, visible_rows


class VisibleGroupFilter(admin.RelatedFieldListFilter):
    """The groups this person coordinates, read from the groups: Django's
    RelatedOnlyFieldListFilter finds them by reading every row of the list (31 ms at
    100,000 sign-up requests)."""

    def field_choices(self, field, request: HttpRequest, model_admin) -> list:
        return field.get_choices(
            include_blank=False,
            ordering=self.field_admin_ordering(field, request, model_admin),
            limit_choices_to={"pk__in": Group.objects.coordinated_by(request.user)},
        )


class CoordinatorScopedAdmin(ExtensibleAdmin):
    """Shows a coordinator only the rows of the groups they coordinate.

    The one admin home of coordinator scoping, on the one rule (`visible_rows`);
    `group_field` is the path from the model to its group ("pk" for groups themselves).
    Whoever does not see rows without a group cannot clear a row's group either, or the
    row would vanish for good.
    """

    group_field = "group"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).filter(visible_rows(request.user, self.group_field))

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.related_model is Venue:
            # Choosing a venue makes it one's own to edit: only those one may edit already.
            kwargs["queryset"] = Venue.objects.editable_by(request.user)
        if db_field.name == self.group_field:
            user = request.user
            kwargs["queryset"] = Group.objects.coordinated_by(user)
            if not follows_requests_without_group(user):
                kwargs["required"] = True
            elif db_field.null:
                # The coordination hands "any group near me" requests to a group.
                kwargs["queryset"] = Group.objects.all()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    """Coordinators change only the venues of their groups (and ones no group uses yet)."""

    list_display = ["name", "town", "address", "step_free"]
    list_filter = ["town", "step_free"]
    search_fields = ["name", "town", "address"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Venue]:
        return super().get_queryset(request).editable_by(request.user)


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Group)
class GroupAdmin(CoordinatorScopedAdmin):
    """The catalogue's fields; the meetings and signups apps add their columns and actions
    (`extend`). The town, kind and phase are filters, so the list fits a 1366 px laptop."""

    group_field = "pk"
    list_display = ["name", "status", "start_date"]
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
                _("%(name)s ora coordina i gruppi scelti: abbiamo scritto a %(email)s.")
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

    def get_readonly_fields(self, request: HttpRequest, obj: Group | None = None) -> list[str]:
        # Only superusers decide who coordinates what; the picker would list all staff.
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if request.user.is_superuser else [*readonly, "coordinators"]
