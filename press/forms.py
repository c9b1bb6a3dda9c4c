from django import forms
from django.db.models import Exists, Max, Min, OuterRef
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from core.cache import PRESS, per_content_version
from press.models import Outlet, PressItem


def filter_choices() -> tuple[list[int], list[tuple[int, str]]]:
    """The archive's years, newest first, and the outlets that have a published item."""
    # Every year from the first item to the last: two index lookups, not a scan of every
    # row, and the archive has items in every year since it began.
    span = PressItem.objects.published().aggregate(
        first=Min("published_on"), last=Max("published_on")
    )
    years = range(span["last"].year, span["first"].year - 1, -1) if span["last"] else ()
    # Only outlets with something to show, so no choice leads to an empty page: one index
    # probe per outlet rather than a join over every item.
    published = PressItem.objects.published().filter(outlet=OuterRef("pk"))
    outlets = Outlet.objects.filter(Exists(published)).order_by("name").values_list("pk", "name")
    return list(years), list(outlets)


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
        # Plain choices, loaded once per content version: validating and rendering them
        # costs no further query.
        years, outlets = per_content_version(
            "press-filter-choices", filter_choices, families=[PRESS]
        )
        self.fields["anno"].choices = [("", _("Tutti"))] + [(year, year) for year in years]
        self.fields["testata"].choices = [("", _("Tutte")), *outlets]

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
