"""The record of who opened whose data, and of the staff's logins: IDs and counts only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessRecordQuerySet(models.QuerySet["AccessRecord"]):
    def visible_to(self, user) -> "AccessRecordQuerySet":
        """The office reads every line; anyone else only their own."""
        return self if user.is_superuser else self.filter(user=user)

    def about_person(self, person_id: int) -> "AccessRecordQuerySet":
        return self.filter(people__person_id=person_id)


class AccessRecord(models.Model):
    class Action(models.TextChoices):
        REQUEST_OPENED = "richiesta", _("richiesta aperta")
        PARTICIPANT_OPENED = "partecipante", _("scheda partecipante aperta")
        EXPORT = "esportazione", _("elenco esportato")
        REGISTER_OPENED = "registro", _("registro presenze aperto")
        SIGN_IN_SHEET_OPENED = "foglio-firme", _("foglio firme aperto")
        LOGIN = "accesso", _("password giusta")
        VERIFIED = "verifica", _("secondo passaggio superato")
        LOGIN_FAILED = "password-errata", _("password sbagliata")
        CODE_FAILED = "codice-errato", _("codice sbagliato")
        LOCKED_OUT = "bloccato", _("accesso bloccato")
        LOGOUT = "uscita", _("uscita")
        SESSION_EXPIRED = "sessione-scaduta", _("sessione scaduta")
        PASSWORD_CHANGED = "password-cambiata", _("password cambiata")
        FACTOR_ADDED = "verifica-attivata", _("secondo passaggio attivato")
        RECOVERY_CODES_RENEWED = "codici-rinnovati", _("nuovi codici di recupero")
        FACTORS_RESET = "verifiche-azzerate", _("secondo passaggio azzerato")

    at = models.DateTimeField(_("quando"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chi"),
        # A coordinator's account may go; what they opened stays on record.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_records",
    )
    username = models.CharField(_("nome utente"), max_length=150, blank=True)
    address = models.GenericIPAddressField(_("indirizzo"), null=True, blank=True)
    action = models.CharField(_("azione"), max_length=20, choices=Action.choices)
    target = models.CharField(
        _("su che cosa"),
        max_length=100,
        blank=True,
        help_text=_("L'elenco esportato, l'incontro del registro, il metodo di verifica."),
    )
    count = models.PositiveIntegerField(_("righe"), null=True, blank=True)
    filters = models.JSONField(_("filtri"), default=dict, blank=True)
    about_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account interessato"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Di chi l'ufficio ha azzerato il secondo passaggio."),
    )

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("accesso registrato")
        verbose_name_plural = _("accessi registrati")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "-at"], name="access_user_at")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.username or '-'})"


class AccessedPerson(models.Model):
    """One person whose data a line of the record showed, by the request's number only.

    A plain number, not a foreign key: when the purge deletes or anonymises the request,
    the line stays and simply no longer leads to a name.
    """

    record = models.ForeignKey(AccessRecord, on_delete=models.CASCADE, related_name="people")
    person_id = models.PositiveBigIntegerField(_("numero della richiesta"), db_index=True)

    class Meta:
        verbose_name = _("persona consultata")
        verbose_name_plural = _("persone consultate")
        constraints = [
            models.UniqueConstraint(fields=["record", "person_id"], name="accessed_person_once")
        ]

    def __str__(self) -> str:
        return str(self.person_id)
