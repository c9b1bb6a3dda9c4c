import functools

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core import phones
from core.people import PersonFields, phone_field
from groups.models import Group, GroupQuerySet
from signups.models import (
    WORK_NOW_CHOICES,
    ContactBy,
    Helped,
    Recommend,
    SignupRequest,
    is_full,
    with_accepted_count,
)


@functools.cache
def signup_groups() -> GroupQuerySet:
    """The groups the form offers, each with its accepted count for "al completo".

    Built once per process: its SQL never changes, and building the annotation cost a
    third of the form's setup on every sign-up. Each form takes a clone (ModelChoiceField
    copies what it is given), so this one is never evaluated.
    """
    return with_accepted_count(Group.objects.accepting_signups()).in_order()


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, group: Group) -> str:
        if is_full(group):
            return _("%(group)s (al completo: lista d'attesa)") % {"group": group}
        return str(group)


class TickedCheckbox(forms.CheckboxInput):
    """Only what a ticked box sends ("on") says yes: "0", "no" or "off" are not consent."""

    def value_from_datadict(self, data, files, name: str) -> bool:
        return data.get(name) == "on"


def require_contact(form: forms.ModelForm) -> None:
    """Asks for an email or a phone number, unless one of them is already wrong; a person
    who did not say how to hear from us gets email if given, else SMS or a call."""
    data = form.cleaned_data
    if "contact_by" in form.fields and not data.get("contact_by"):
        data["contact_by"] = default_contact(data.get("email"), data.get("phone"))
    if form.instance.anonymised_at or data.get("email") or data.get("phone"):
        return
    if not (form.has_error("email") or form.has_error("phone")):
        message = _("Indica almeno un'email o un numero di telefono, così possiamo risponderti.")
        form.add_error("email", message)
        form.add_error("phone", message)


def default_contact(email: str | None, phone: object) -> str:
    """The channel of a person who did not choose: email if given, else SMS or a call."""
    if email:
        return ContactBy.EMAIL
    return ContactBy.SMS if phones.is_mobile(phone) else ContactBy.CALL


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


class SignupRequestAdminForm(PersonFields, forms.ModelForm):
    """The coordinators' form of a request: the public form's rules, told beside the fields."""

    phone = phone_field(label=_("telefono"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "news_consent" in self.fields:
            self.fields["news_consent"].widget = TickedCheckbox()
        if "contact_by" in self.fields:
            self.fields["contact_by"].required = False

    def cleans_person(self) -> bool:
        return not self.instance.anonymised_at

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.cleans_person():
            require_contact(self)
        return cleaned


class SignupForm(PersonFields, forms.ModelForm):
    phone = phone_field(
        label=_("Telefono"),
        help_text=_("Un coordinatore ti chiama per conoscerti. Basta il telefono o l'email."),
    )
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
            "contact_by",
            "group",
            "message",
            "heard_from",
            "news_consent",
        ]
        labels = {
            "email": _("Email"),
            "contact_by": _("Come preferisci ricevere conferme e promemoria? (facoltativo)"),
            "message": _("Vuoi dirci qualcosa? (facoltativo)"),
            "heard_from": _("Come ci hai conosciuti? (facoltativo)"),
            "news_consent": _("Voglio ricevere per email le notizie di AMALav (facoltativo)"),
        }
        help_texts = {
            "email": _("Ti mandiamo una conferma. Basta l'email o il telefono."),
            "message": _("Per esempio orari in cui preferisci essere chiamato/a."),
            "contact_by": _(
                "Gli SMS arrivano tra le 9 e le 20. Se non scegli, usiamo l'email se c'è, "
                "altrimenti un SMS al cellulare o una telefonata."
            ),
        }
        widgets = {
            "news_consent": TickedCheckbox,
            "work_situation": forms.RadioSelect,
            "contact_by": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = signup_groups()
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
        self.fields["contact_by"].required = False
        self.fields["contact_by"].choices = ContactBy.choices
        if self.instance.pk is None:
            # Nothing chosen until the person chooses: else what they gave decides.
            self.initial["contact_by"] = ""
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["town"].widget.attrs["autocomplete"] = "address-level2"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["privacy"].help_text = format_html(
            '<a href="{}">{}</a>', reverse_lazy("privacy"), _("Leggi l'informativa sulla privacy")
        )

    @functools.cached_property
    def helper(self) -> FormHelper:
        """The layout, built only when the form is shown (a stored sign-up never is)."""
        helper = FormHelper()
        helper.form_tag = False
        # The template's <form> carries the one CSRF token.
        helper.disable_csrf = True
        helper.layout = Layout(
            Fieldset(_("Chi sei"), "first_name", "last_name", "town", "work_situation"),
            Fieldset(_("Come contattarti"), "email", "phone", "contact_by"),
            Fieldset(_("Il gruppo"), "group", "message", "heard_from"),
            Fieldset(_("Privacy"), "privacy", "news_consent"),
            Div("website", css_class="honeypot", aria_hidden="true"),
            Submit("submit", _("Invia la richiesta"), css_class="btn-lg"),
        )
        return helper

    def clean(self) -> dict:
        cleaned = super().clean()
        require_contact(self)
        require_work_situation(self)
        return cleaned

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class ParticipantAdminForm(SignupRequestAdminForm):
    """A person the coordinator adds directly: the same rules as every request."""


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo del ritiro (facoltativo)"),
        max_length=300,
        required=False,
        help_text=_("Per esempio: ha trovato lavoro. Non scrivere dati sanitari."),
    )


class SurveyForm(forms.Form):
    """The cycle's survey: three questions, none about who the person is."""

    work_situation_now = forms.ChoiceField(
        label=_("Qual è oggi la tua situazione di lavoro?"),
        choices=WORK_NOW_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Scegli la situazione che ti descrive meglio oggi.")},
    )
    helped = forms.MultipleChoiceField(
        label=_("Che cosa ti è stato utile nel gruppo?"),
        choices=Helped.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Puoi sceglierne più di una, o nessuna."),
    )
    recommend = forms.ChoiceField(
        label=_("Consiglieresti il gruppo a chi ha perso il lavoro?"),
        choices=Recommend.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Scegli sì, forse o no.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("work_situation_now", "recommend"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "Scegli una delle risposte dell'elenco."
            )
        self.fields["helped"].error_messages["invalid_choice"] = _(
            "Scegli tra le risposte dell'elenco."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> carries the token
        self.helper.layout = Layout(
            "work_situation_now",
            "helped",
            "recommend",
            Submit("submit", _("Invia le risposte"), css_class="btn-lg"),
        )
