from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """The six digits of the app; a recovery code goes in the same box."""

    code = forms.CharField(
        label=_("Codice"),
        max_length=40,
        strip=True,
        error_messages={"required": _("Scrivi il codice.")},
    )

    def __init__(self, *args, recovery: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.widget.attrs.update(
            {
                "autocomplete": "off" if recovery else "one-time-code",
                "inputmode": "text" if recovery else "numeric",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        )
        if recovery:
            field.label = _("Codice di recupero")
            field.help_text = _("Uno dei codici che hai conservato, per esempio abcd-efgh.")
        else:
            field.help_text = _("Le 6 cifre che l'app mostra ora.")
