from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from amalav.backup import BackupError, back_up


class Command(BaseCommand):
    help = (
        "Backs up the database and the uploaded files (MEDIA_ROOT) into a new folder "
        "backups/amalav-<date>-<time>/ (or under the folder given). Restore with `restore`."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--into", default="backups", help="Folder that receives the backup (default backups)."
        )

    def handle(self, *args, into: str, **options) -> None:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        folder = Path(into) / f"amalav-{stamp}"
        try:
            written = back_up(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for path in written:
            self.stdout.write(f"{path} ({path.stat().st_size} bytes)")
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}."))
