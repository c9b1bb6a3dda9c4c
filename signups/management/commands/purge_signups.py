import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext

from accounts.access import purge_expired as purge_access_records
from signups.models import Participant, SignupRequest


class Command(BaseCommand):
    help = (
        "Removes the personal data of sign-up requests kept longer than the retention "
        "period after their group's cycle ended (SIGNUP_RETENTION_MONTHS, default 24), "
        "with their names in the admin's history; deletes admin login records older than "
        "ACCESS_LOG_RETENTION_DAYS (default 90), lines of the record of access to personal "
        "data older than ACCESS_RECORD_RETENTION_MONTHS (default 12) and expired sessions."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--months",
            type=int,
            default=settings.SIGNUP_RETENTION_MONTHS,
            help="Retention period in months (default: the SIGNUP_RETENTION_MONTHS setting).",
        )
        parser.add_argument(
            "--delete",
            action="store_true",
            help="Refused: deleting requests would take the funders' report's figures with "
            "them. The purge anonymises instead, which removes every personal field.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be done, change nothing."
        )

    @transaction.atomic
    def handle(self, *args, months: int, delete: bool, dry_run: bool, **options) -> None:
        if delete:
            # Every request is a figure of the report (received, by status, town, channel,
            # month) and a participant's attendance goes with their row. An anonymised row
            # holds no personal data, so deleting it protects nobody further.
            raise CommandError(
                "--delete is refused: deleting the requests would erase the funders' "
                "report's figures with them and their attendance. Run without it: the "
                "purge anonymises every personal field and keeps the figures."
            )
        due = SignupRequest.objects.due_for_purge(months)
        count = due.count()
        if dry_run:
            verb = "would anonymise"
        else:
            for signup in due:
                signup.anonymise()
            verb = "anonymised"
        self.stdout.write(
            f"{count} sign-up request(s) older than {months} months after their cycle: {verb}."
        )
        if dry_run:
            return
        anonymised = (
            SignupRequest.objects.filter(anonymised_at__isnull=False)
            .annotate(text_pk=Cast("pk", CharField()))
            .values("text_pk")
        )
        history = self.forget_in_admin_history(anonymised)
        logins = self.delete_old_logins()
        # The record keeps people's numbers, not names: a purged person's lines stay.
        records = purge_access_records()
        sessions, _by_model = Session.objects.filter(expire_date__lt=timezone.now()).delete()
        self.stdout.write(
            f"{history} admin history line(s) cleared, {logins} admin login record(s) "
            f"older than {settings.ACCESS_LOG_RETENTION_DAYS} days, {records} access record "
            f"line(s) older than {settings.ACCESS_RECORD_RETENTION_MONTHS} months and "
            f"{sessions} expired session(s) deleted."
        )

    def forget_in_admin_history(self, object_ids) -> int:
        """The admin's history names each request it logged: keep the line, drop the name."""
        types = ContentType.objects.get_for_models(
            SignupRequest, Participant, for_concrete_models=False
        ).values()
        label = gettext("Richiesta anonimizzata")
        return (
            LogEntry.objects.filter(content_type__in=types, object_id__in=object_ids)
            .exclude(object_repr=label, change_message="")
            .update(object_repr=label, change_message="")
        )

    def delete_old_logins(self) -> int:
        """Axes keeps who tried to log in from where; long enough to see an attack, no more."""
        cutoff = timezone.now() - datetime.timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
        return sum(
            model.objects.filter(attempt_time__lt=cutoff).delete()[0]
            for model in (AccessLog, AccessFailureLog, AccessAttempt)
        )
