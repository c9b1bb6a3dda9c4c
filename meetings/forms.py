from django import forms
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.cache import GROUPS, per_content_version
from groups.models import Group


def groups_with_meetings() -> list[tuple[str, str]]:
    groups = Group.objects.filter(meetings__isnull=False).distinct()
    return list(groups.in_order().values_list("slug", "name"))


class MeetingFilterForm(forms.Form):
    """The calendar's group filter, read from the query string so a link keeps it."""

    gruppo = forms.ChoiceField(label=_("Gruppo"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gruppo"].choices = [
            ("", _("Tutti i gruppi")),
            *per_content_version("meeting-filter-groups", groups_with_meetings, families=[GROUPS]),
        ]

    def chosen_group(self) -> str:
        return self.cleaned_data["gruppo"] if self.is_valid() else ""

    def query(self) -> str:
        """ "?gruppo=seveso" when a group is chosen, for links that keep the choice."""
        slug = self.chosen_group()
        return "?" + urlencode({"gruppo": slug}) if slug else ""

    def filter(self, meetings):
        """Keeps the chosen group's meetings; an unknown group is reported and ignored."""
        if self.is_valid() and self.cleaned_data["gruppo"]:
            return meetings.filter(group__slug=self.cleaned_data["gruppo"])
        return meetings
