from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from amalav.backup import RestoreError, latest, restore


class Command(BaseCommand):
    help = (
        "Restores a backup made by `backup` (the database and the uploaded files) into an "
        "empty database and an empty MEDIA_ROOT. Without a folder, the newest in backups/."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", nargs="?", help="A backup folder (default: the newest).")

    def handle(self, *args, folder: str | None, **options) -> None:
        try:
            source = Path(folder) if folder else latest(Path("backups"))
            restore(source)
        except RestoreError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {source}."))
