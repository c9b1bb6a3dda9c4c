from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts import factors


class Command(BaseCommand):
    help = (
        "Removes a staff account's passkeys, app and recovery codes and ends its sessions, "
        "as the office does in the admin: for when nobody who could do it can log in."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account named {username!r}.")
        removed = factors.reset(user)
        self.stdout.write(f"{username}: {removed} factor(s) removed, sessions ended.")
