from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils.translation import gettext_lazy as _


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time boxes, each with a name screen readers announce."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.widgets[0].attrs["aria-label"] = _("Data")
        self.widgets[1].attrs["aria-label"] = _("Ora")
