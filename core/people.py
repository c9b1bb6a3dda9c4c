"""The one rule for every form that takes a person's name, phone number or email.

The public sign-up form, the coordinators' request and participant forms and the new
coordinator form all clean what people type here, and tell what is wrong beside the field.
"""

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField
from phonenumber_field.widgets import RegionalPhoneNumberWidget

from core.phones import REGION

# Bidi embeddings, overrides and isolates make text read differently from what it is.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ONE_LINE_FIELDS = ("first_name", "last_name", "town", "email")
MULTILINE_FIELDS = ("message", "internal_notes", "withdrawal_reason")
NAME_FIELDS = ("first_name", "last_name", "town")


def clean_text(value: str, multiline: bool = False) -> str:
    """Strips what is invisible and harmless, refuses control characters.

    Zero-width characters, the BOM and other invisible format marks are dropped and
    tabs become spaces; ESC and the like, line breaks in a one-line field and bidi
    overrides are refused, because they change what a coordinator or a spreadsheet sees.
    """
    value = unicodedata.normalize("NFC", value)
    if multiline:
        value = value.replace("\r\n", "\n")
    kept = []
    for char in value:
        category = unicodedata.category(char)
        if char in BIDI_CONTROLS:
            raise forms.ValidationError(
                _("Il testo contiene caratteri di controllo della direzione: riscrivilo a mano."),
                code="control",
            )
        if char == "\t":
            kept.append(" ")
        elif char == "\n" and multiline:
            kept.append(char)
        elif category == "Cc":
            if char in "\r\n":
                message = _("Scrivi tutto su una riga, senza andare a capo.")
            else:
                message = _("Il testo contiene caratteri non ammessi: riscrivilo a mano.")
            raise forms.ValidationError(message, code="control")
        elif category != "Cf":  # zero-width spaces, joiners, BOM, soft hyphens
            kept.append(char)
    return "".join(kept).strip()


def phone_field(**kwargs) -> PhoneNumberField:
    """A phone number field: Italian unless typed with a country code, stored in E.164."""
    kwargs.setdefault("required", False)
    field = PhoneNumberField(
        region=REGION,
        error_messages={
            "invalid": _(
                "Questo numero di telefono non sembra corretto: "
                "controlla le cifre, per esempio 348 1234567."
            )
        },
        **kwargs,
    )
    field.widget = RegionalPhoneNumberWidget(region=REGION, attrs={"autocomplete": "tel"})
    return field


def clean_person(form: forms.Form) -> None:
    """Cleans the name, town, email and free-text fields the form has, in place.

    Errors are added beside each field; email is kept in lower case, the form the
    duplicate check compares (the phone field gives E.164 by itself).
    """
    for name in (*ONE_LINE_FIELDS, *MULTILINE_FIELDS):
        value = form.cleaned_data.get(name)
        if not isinstance(value, str):
            continue
        try:
            value = clean_text(value, multiline=name in MULTILINE_FIELDS)
        except forms.ValidationError as error:
            form.add_error(name, error)
            continue
        if name in NAME_FIELDS and not any(char.isalpha() for char in value):
            form.add_error(name, _("Scrivi almeno una lettera."))
            continue
        form.cleaned_data[name] = value.lower() if name == "email" else value


class PersonFields:
    """Mixed into every form that takes a person's details, before its form class."""

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.cleans_person():
            clean_person(self)
        return cleaned

    def cleans_person(self) -> bool:
        return True
