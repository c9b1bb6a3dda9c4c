from django import forms
from django.db.models import Max, Min
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from press.models import Outlet, PressItem


class PressFilterForm(forms.Form):
    """The archive's search and filters, read from the query string so results can be shared."""

    q = forms.CharField(
        label=_("Cerca"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"placeholder": _("parole da cercare")}),
    )
    anno = forms.TypedChoiceField(label=_("Anno"), required=False, coerce=int, empty_value=None)
    testata = forms.TypedChoiceField(
        label=_("Testata"), required=False, coerce=int, empty_value=None
    )
    tipo = forms.ChoiceField(
        label=_("Tipo"), required=False, choices=[("", _("Tutti")), *PressItem.Kind.choices]
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Plain choices, loaded once: validating and rendering them costs no further query.
        # Every year from the first item to the last: two index lookups, not a scan of
        # every row, and the archive has items in every year since it began.
        span = PressItem.objects.published().aggregate(
            first=Min("published_on"), last=Max("published_on")
        )
        years = range(span["last"].year, span["first"].year - 1, -1) if span["last"] else ()
        self.fields["anno"].choices = [("", _("Tutti"))] + [(year, year) for year in years]
        # Only outlets with something to show: no choice leads to an empty page.
        outlets = (
            Outlet.objects.filter(items__is_published=True).distinct().values_list("pk", "name")
        )
        self.fields["testata"].choices = [("", _("Tutte")), *list(outlets)]

    @cached_property
    def options(self) -> dict[str, str]:
        """Each select's <option> tags, the chosen one selected: built here, as a loop of
        sixty options in the template costs more than the rest of the page."""
        options = {}
        for name in ("anno", "testata", "tipo"):
            chosen = str(self[name].value() or "")
            options[name] = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (value, " selected" if str(value) == chosen else "", label)
                    for value, label in self.fields[name].choices
                ),
            )
        return options

    def filter(self, items):
        """Applies every valid filter; an invalid one is reported and left out."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value}
        if "anno" in data:
            items = items.filter(published_on__year=data["anno"])
        if "testata" in data:
            items = items.filter(outlet_id=data["testata"])
        if "tipo" in data:
            items = items.filter(kind=data["tipo"])
        if "q" in data:
            items = items.search(data["q"])
        return items
