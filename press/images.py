"""Photos made for phones: their size read at upload, their renditions made by the worker.

Pillow alone, on purpose: the portal needs three widths in two formats made once, off
the request, with their sizes recorded in the row, so a page lists them in `srcset`
without touching storage or the database per photo. The thumbnail apps (easy-thumbnails,
sorl-thumbnail, django-imagekit) make them on first use in a template, with a lookup
per image and size, which a page with a fixed query budget cannot afford.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

# What a 360 px phone (1x and 2x), a tablet and a desktop column draw.
WIDTHS = (360, 720, 1200)
# WebP first for the browsers that take it (all current ones), JPEG for the rest.
FORMATS = {
    "webp": ("WEBP", {"quality": 72, "method": 6}),
    "jpeg": ("JPEG", {"quality": 76, "optimize": True, "progressive": True}),
}
# Renditions made per round of the worker: each is a few hundred milliseconds.
BATCH = 10


@dataclass(frozen=True)
class Size:
    width: int
    height: int


def _refuse(pixels: int) -> ValidationError:
    return ValidationError(
        _(
            "L'immagine ha %(megapixels)s milioni di pixel: il massimo è %(limit)s milioni "
            "(per esempio 8000 \N{MULTIPLICATION SIGN} 5000 pixel). Riducila e caricala di nuovo."
        )
        % {
            "megapixels": f"{max(1, round(pixels / 1_000_000)):,}".replace(",", "."),
            "limit": settings.PRESS_IMAGE_MAX_PIXELS // 1_000_000,
        },
        code="too_many_pixels",
    )


def image_size(upload: File) -> Size:
    """Width and height from the file's header, refusing what is too large to decode.

    Reads only the header: a 60,000 x 60,000 PNG of a few megabytes is refused before
    Pillow would allocate gigabytes for it (its own DecompressionBombError included).
    """
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                image.verify()  # a truncated or forged file fails here, not in the worker
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow names the pixel count first in its message ("Image size (N pixels)...").
        counts = re.findall(r"\d+", str(error))
        raise _refuse(int(counts[0]) if counts else 0) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _(
                "L'immagine non si apre: il file è rovinato o incompleto. "
                "Prova a salvarla di nuovo."
            ),
            code="broken_image",
        ) from error
    finally:
        upload.seek(0)
    if width * height > settings.PRESS_IMAGE_MAX_PIXELS:
        raise _refuse(width * height)
    return Size(width, height)


def _rgb(image: Image.Image) -> Image.Image:
    """Upright (as the camera was held) and in RGB; transparency on white, as printed."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        background = Image.new("RGB", image.size, "white")
        background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        return background
    return image.convert("RGB")


def make_renditions(name: str, storage: Storage) -> tuple[Size, list[dict]]:
    """The original's size and its renditions, saved beside it: one per width it exceeds."""
    with storage.open(name, "rb") as original, Image.open(original) as opened:
        image = _rgb(opened)
        size = Size(*image.size)
        widths = [w for w in WIDTHS if w < size.width] or [size.width]
        stem = PurePath(name).with_suffix("")
        renditions = []
        for width in widths:
            height = max(1, round(size.height * width / size.width))
            resized = image.resize((width, height), Image.Resampling.LANCZOS)
            made = {"width": width, "height": height}
            for kind, (pillow_format, options) in FORMATS.items():
                buffer = io.BytesIO()
                resized.save(buffer, pillow_format, **options)
                extension = "jpg" if kind == "jpeg" else kind
                target = f"renditions/{stem}-{width}w.{extension}"
                made[kind] = storage.save(target, ContentFile(buffer.getvalue()))
                made[f"{kind}_bytes"] = buffer.tell()
            renditions.append(made)
    return size, renditions


def make_missing_renditions() -> str:
    """The worker's job: renditions for the photos uploaded since its last round."""
    from core.cache import PRESS, content_changed
    from press.models import PressAttachment

    waiting = PressAttachment.objects.images().filter(renditions_made_at__isnull=True)
    made = failed = 0
    for attachment in waiting.order_by("pk")[:BATCH]:
        try:
            size, renditions = make_renditions(attachment.file.name, attachment.file.storage)
        except (OSError, ValueError, Image.DecompressionBombError):
            # A file gone from storage or unreadable: the page keeps showing the original.
            logger.exception("no renditions for attachment %s", attachment.pk)
            size, renditions = Size(attachment.width or 0, attachment.height or 0), []
            failed += 1
        else:
            made += 1
        # update(): no signal, so the page cache is told once below.
        PressAttachment.objects.filter(pk=attachment.pk).update(
            width=size.width or None,
            height=size.height or None,
            renditions=renditions,
            renditions_made_at=timezone.now(),
        )
    if not (made or failed):
        return ""
    content_changed(PRESS)
    return f"renditions of {made} photos" + (f", {failed} unreadable" if failed else "")
