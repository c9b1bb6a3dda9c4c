"""What a restore must bring back: every public page, every text page, every upload.

Run in the test process and, against the restored database, as
`python -m tests.amalav.backup_snapshot` (prints JSON).
"""

import hashlib
import json
import re

# Per-request values: CSP nonces, CSRF and form tokens.
VOLATILE = re.compile(rb'(nonce|value)="[A-Za-z0-9+/=_-]{16,}"')


def snapshot() -> dict[str, list]:
    from django.contrib.flatpages.models import FlatPage
    from django.core.files.storage import default_storage
    from django.test import Client
    from django.urls import reverse

    from press.models import Document, PressAttachment
    from tests.pages import PUBLIC_PAGES

    client = Client()
    urls = [reverse(name, args=args) for name, args, _words in PUBLIC_PAGES]
    urls += [page.url for page in FlatPage.objects.order_by("url")]
    result = {}
    for url in urls:
        response = client.get(url)
        body = VOLATILE.sub(b"", response.content)
        result[url] = [response.status_code, hashlib.sha256(body).hexdigest()]
    files = [d.file for d in Document.objects.exclude(file="")]
    files += [attachment.file for attachment in PressAttachment.objects.all()]
    for file in files:
        with default_storage.open(file.name) as handle:
            result[f"upload:{file.name}"] = [200, hashlib.sha256(handle.read()).hexdigest()]
    return result


if __name__ == "__main__":
    import django
    from django.conf import settings
    from django.test.utils import override_settings, setup_test_environment

    django.setup()
    setup_test_environment()
    # As in tests/conftest.py: the hashed-name manifest exists only after collectstatic.
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": static}).enable()
    print(json.dumps(snapshot()))
