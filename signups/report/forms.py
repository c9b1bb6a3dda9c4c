"""The report's period and groups, as the page's query parameters."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groups.models import Group


def date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class ReportForm(forms.Form):
    # Italian names: they are the page's query parameters.
    dal = date_field(gettext_lazy("Dal"))
    al = date_field(gettext_lazy("Al"))
    gruppo = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Gruppi"),
        queryset=Group.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Nessuno spuntato: tutti i tuoi gruppi."),
    )

    def __init__(self, *args, groups: QuerySet[Group], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gruppo"].queryset = groups

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("dal") and cleaned.get("al") and cleaned["al"] < cleaned["dal"]:
            self.add_error("al", _("La fine del periodo viene prima dell'inizio."))
        return cleaned
