from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.people import PersonFields
from groups.models import Group


class CoordinatorForm(PersonFields, forms.Form):
    """Everything needed to bring a coordinator in, on one screen."""

    first_name = forms.CharField(label=_("Nome"), max_length=150)
    last_name = forms.CharField(label=_("Cognome"), max_length=150)
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("Riceve qui il link per scegliere la password; è anche il nome utente."),
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Gruppi che coordina"),
        queryset=Group.objects.in_order(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vede e gestisce solo le richieste e gli incontri di questi gruppi."),
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        users = get_user_model().objects
        if (
            users.filter(username__iexact=email).exists()
            or users.filter(email__iexact=email).exists()
        ):
            raise forms.ValidationError(_("Esiste già un account con questa email."))
        return email
