from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from press.images import image_size

# What the file's first bytes say it is -> the extensions such a file may carry.
ALLOWED_TYPES = {
    "application/pdf": {".pdf"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/png": {".png"},
    "image/webp": {".webp"},
}


def validate_upload(upload: File) -> None:
    """Accepts only PDFs and images, judged by their content, not by their name."""
    if upload.size > settings.PRESS_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Il file è troppo grande: il massimo è %(max)s.")
            % {"max": filesizeformat(settings.PRESS_UPLOAD_MAX_BYTES)}
        )
    upload.seek(0)
    kind = filetype.guess(upload.read(261))
    upload.seek(0)
    extension = PurePath(upload.name).suffix.lower()
    if kind is None or extension not in ALLOWED_TYPES.get(kind.mime, set()):
        raise ValidationError(
            _("Sono ammessi solo file PDF o immagini JPEG, PNG e WebP, con l'estensione giusta.")
        )
    if kind.mime.startswith("image/"):
        image_size(upload)  # refuses a broken image or one with too many pixels
