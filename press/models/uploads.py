"""Where uploaded files go: names we choose, never the visitor's."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.db import models
from django.utils.text import slugify


def upload_to(instance: models.Model, filename: str) -> str:
    """A name we choose: nothing a visitor uploads decides a path or an extension."""
    path = PurePath(filename)
    stem = slugify(path.stem)[:60] or "file"
    suffix = path.suffix.lower()
    folder = instance._meta.model_name
    return f"{folder}/{uuid.uuid4().hex[:12]}-{stem}{suffix}"
