"""What Django's admin lists leave out for screen readers, added once for every list."""

from django.http import HttpRequest
from django.utils.text import capfirst


class LabelledListEditableMixin:
    """Names each box of a list's editable columns after its column and its row.

    Django renders `list_editable` boxes without a label: a screen reader would announce
    a row of nameless checkboxes and numbers.
    """

    def get_changelist_form(self, request: HttpRequest, **kwargs):
        form_class = super().get_changelist_form(request, **kwargs)

        class LabelledForm(form_class):
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                for name, field in self.fields.items():
                    label = capfirst(field.label or name)
                    field.widget.attrs["aria-label"] = f"{label}: {self.instance}"

        return LabelledForm
