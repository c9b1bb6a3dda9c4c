import unicodedata

import phonenumbers
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from groups.models import Group
from signups.models import SignupRequest, is_full, with_accepted_count


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, group: Group) -> str:
        if is_full(group):
            return _("%(group)s (al completo: lista d'attesa)") % {"group": group}
        return str(group)


def normalise_phone(value: str) -> str:
    """Returns the number in E.164 form, Italian unless it starts with a country code."""
    try:
        number = phonenumbers.parse(value, "IT")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise forms.ValidationError(
            _(
                "Questo numero di telefono non sembra corretto: "
                "controlla le cifre, per esempio 348 1234567."
            )
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# Bidi embeddings, overrides and isolates make text read differently from what it is.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ONE_LINE_FIELDS = ("first_name", "last_name", "town", "email", "phone")
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


def clean_text_fields(form: forms.Form) -> None:
    """The cleaning every form taking a person's details shares, told beside each field.

    Used by the public form and the coordinators' form alike.
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
        form.cleaned_data[name] = value


def clean_contacts(form: forms.Form) -> None:
    """Email in lower case and phone in E.164, the forms the duplicate check compares."""
    data = form.cleaned_data
    if isinstance(data.get("email"), str):
        data["email"] = data["email"].lower()
    phone = data.get("phone")
    if isinstance(phone, str) and phone:
        try:
            data["phone"] = normalise_phone(phone)
        except forms.ValidationError as error:
            form.add_error("phone", error)


class TickedCheckbox(forms.CheckboxInput):
    """Only what a ticked box sends ("on") says yes: "0", "no" or "off" are not consent."""

    def value_from_datadict(self, data, files, name: str) -> bool:
        return data.get(name) == "on"


def require_contact(form: forms.ModelForm) -> None:
    """Asks for an email or a phone number, unless one of them is already wrong."""
    data = form.cleaned_data
    if form.instance.anonymised_at or data.get("email") or data.get("phone"):
        return
    if not (form.has_error("email") or form.has_error("phone")):
        message = _("Indica almeno un'email o un numero di telefono, così possiamo risponderti.")
        form.add_error("email", message)
        form.add_error("phone", message)


def clean_person(form: forms.ModelForm) -> None:
    """The public form's rules, shared by the coordinators' form."""
    clean_text_fields(form)
    clean_contacts(form)
    require_contact(form)


def require_work_situation(form: forms.ModelForm) -> None:
    """Asked of people joining a job-loss group; an Archimedes group is open to everyone."""
    group = form.cleaned_data.get("group")
    if group is not None and group.kind == Group.Kind.ARCHIMEDES:
        return
    if not form.cleaned_data.get("work_situation") and not form.has_error("work_situation"):
        form.add_error(
            "work_situation",
            _("Scegli la tua situazione lavorativa: ci aiuta a proporti il gruppo giusto."),
        )


class SignupRequestAdminForm(forms.ModelForm):
    """The coordinators' form: the public form's rules, told beside the fields."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "news_consent" in self.fields:
            self.fields["news_consent"].widget = TickedCheckbox()

    def clean(self) -> dict:
        cleaned = super().clean()
        if not self.instance.anonymised_at:
            clean_person(self)
        return cleaned


class SignupForm(forms.ModelForm):
    group = GroupChoiceField(
        label=_("Gruppo"),
        queryset=Group.objects.none(),
        required=False,
        empty_label=_("Un gruppo qualsiasi vicino a casa mia"),
        help_text=_("Se non sai quale scegliere, ti aiutiamo noi."),
    )
    privacy = forms.BooleanField(
        label=_("Ho letto l'informativa sulla privacy"),
        widget=TickedCheckbox,
        error_messages={"required": _("Per inviare la richiesta devi aver letto l'informativa.")},
    )
    # Hidden from people; bots that fill every field give themselves away.
    website = forms.CharField(label=_("Lascia vuoto questo campo"), required=False)
    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = SignupRequest
        # In the order the page shows them, which the error summary follows.
        fields = [
            "first_name",
            "last_name",
            "town",
            "work_situation",
            "email",
            "phone",
            "group",
            "message",
            "heard_from",
            "news_consent",
        ]
        labels = {
            "email": _("Email"),
            "phone": _("Telefono"),
            "message": _("Vuoi dirci qualcosa? (facoltativo)"),
            "heard_from": _("Come ci hai conosciuti? (facoltativo)"),
            "news_consent": _("Voglio ricevere per email le notizie di AMALav (facoltativo)"),
        }
        help_texts = {
            "email": _("Ti mandiamo una conferma. Basta l'email o il telefono."),
            "phone": _("Un coordinatore ti chiama per conoscerti. Basta il telefono o l'email."),
            "message": _("Per esempio orari in cui preferisci essere chiamato/a."),
        }
        widgets = {
            "news_consent": TickedCheckbox,
            "work_situation": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = with_accepted_count(
            Group.objects.accepting_signups()
        ).order_by("town", "name")
        self.fields["work_situation"].choices = SignupRequest.WorkSituation.choices
        # Required by require_work_situation(), except for the Archimedes groups.
        self.fields["work_situation"].required = False
        self.fields["work_situation"].help_text = _(
            "Obbligatoria per i gruppi di auto mutuo aiuto lavoro; non serve per il gruppo "
            "Archimedes, aperto a tutti."
        )
        self.fields["heard_from"].choices = [
            ("", _("Preferisco non dirlo")),
            *SignupRequest.HeardFrom.choices,
        ]
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["phone"].widget = forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"})
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["town"].widget.attrs["autocomplete"] = "address-level2"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["privacy"].help_text = format_html(
            '<a href="{}">{}</a>', reverse_lazy("privacy"), _("Leggi l'informativa sulla privacy")
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("Chi sei"), "first_name", "last_name", "town", "work_situation"),
            Fieldset(_("Come contattarti"), "email", "phone"),
            Fieldset(_("Il gruppo"), "group", "message", "heard_from"),
            Fieldset(_("Privacy"), "privacy", "news_consent"),
            Div("website", css_class="honeypot", aria_hidden="true"),
            Submit("submit", _("Invia la richiesta"), css_class="btn-lg"),
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        clean_person(self)
        require_work_situation(self)
        return cleaned

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class ParticipantAdminForm(forms.ModelForm):
    """A person the coordinator adds directly: the public form's checks on phone and contact."""

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        return normalise_phone(phone) if phone else ""

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self) -> dict:
        cleaned = super().clean()
        require_contact(self)
        return cleaned


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo del ritiro (facoltativo)"),
        max_length=300,
        required=False,
        help_text=_("Per esempio: ha trovato lavoro. Non scrivere dati sanitari."),
    )
