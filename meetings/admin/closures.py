from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.templatetags.dates_it import day as day_name
from groups.admin import CoordinatorScopedAdmin
from meetings.models import ClosurePeriod, ScheduleChange
from meetings.services import (
    ClosureHandling,
    meetings_inside,
    save_closure,
)


class ClosurePeriodForm(forms.ModelForm):
    handling = forms.ChoiceField(
        label=_("Incontri già in calendario nel periodo"),
        choices=ClosureHandling.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Chi partecipa riceve un avviso con le nuove date o l'annullamento."),
    )

    class Meta:
        model = ClosurePeriod
        fields = ["start", "end", "group", "reason", "handling"]

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is None or end is None or cleaned.get("handling"):
            return cleaned
        closure = ClosurePeriod(start=start, end=end, group=cleaned.get("group"))
        inside = list(meetings_inside(closure))
        if inside:
            listed = ", ".join(
                f"{meeting.group.name} {day_name(timezone.localdate(meeting.starts_at))}"
                for meeting in inside
            )
            self.add_error(
                "handling",
                ngettext(
                    "In questo periodo c'è già un incontro in calendario (%(meetings)s): "
                    "scegli se annullarlo o rimandarlo.",
                    "In questo periodo ci sono già %(count)d incontri in calendario "
                    "(%(meetings)s): scegli se annullarli o rimandarli.",
                    len(inside),
                )
                % {"count": len(inside), "meetings": listed},
            )
        return cleaned


@admin.register(ClosurePeriod)
class ClosurePeriodAdmin(CoordinatorScopedAdmin):
    """Coordinators close their own groups; site-wide closures are the office's, and every
    coordinator sees them, since they hold for their groups too."""

    form = ClosurePeriodForm
    list_display = ["reason", "start", "end", "group"]
    list_filter = ["group"]
    date_hierarchy = "start"

    def get_fields(self, request: HttpRequest, obj: ClosurePeriod | None = None) -> list[str]:
        fields = ["start", "end", "group", "reason"]
        # The choice about planned meetings is an action, not data to show read-only.
        return [*fields, "handling"] if self.has_change_permission(request, obj) else fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[ClosurePeriod]:
        mine = super().get_queryset(request)
        return mine | ClosurePeriod.objects.filter(group__isnull=True)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "group":
            field.required = not request.user.is_superuser
            if field.required:
                field.help_text = _(
                    "Uno dei gruppi che coordini: le chiusure di tutti i gruppi le decide "
                    "la segreteria."
                )
        return field

    def save_model(self, request: HttpRequest, obj: ClosurePeriod, form, change: bool) -> None:
        for change_made in save_closure(obj, form.cleaned_data.get("handling"), request.user):
            self.tell_about(request, change_made)

    def tell_about(self, request: HttpRequest, change: ScheduleChange) -> None:
        self.tell_who_hears(request, change.group)

    def has_change_permission(self, request: HttpRequest, obj: ClosurePeriod | None = None) -> bool:
        if obj is not None and obj.group_id is None and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: ClosurePeriod | None = None) -> bool:
        if obj is not None and obj.group_id is None and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)
