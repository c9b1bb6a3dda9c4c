from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from signups.models import SignupRequest


class Command(BaseCommand):
    help = (
        "Removes the personal data of sign-up requests kept longer than the retention "
        "period after their group's cycle ended (SIGNUP_RETENTION_MONTHS, default 24)."
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
            help="Delete the requests instead of anonymising them (anonymised rows keep counts).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be done, change nothing."
        )

    @transaction.atomic
    def handle(self, *args, months: int, delete: bool, dry_run: bool, **options) -> None:
        due = SignupRequest.objects.due_for_purge(months)
        count = due.count()
        if dry_run:
            verb = "would delete" if delete else "would anonymise"
        elif delete:
            due.delete()
            verb = "deleted"
        else:
            for signup in due:
                signup.anonymise()
            verb = "anonymised"
        self.stdout.write(
            f"{count} sign-up request(s) older than {months} months after their cycle: {verb}."
        )
