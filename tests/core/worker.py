"""A worker process for the shared-cache test: reads commands, answers one line each.

`get PATH` answers the page's status and body on one line; `rename SLUG TITLE` saves a
press item's new title, as a coordinator would in the admin of that worker.
"""

import sys

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

# The hashed-name manifest exists only after collectstatic, as in the suite's conftest.
override_settings(
    STORAGES={
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
).enable()

from press.models import PressItem  # noqa: E402

client = Client(HTTP_HOST="127.0.0.1")
print("ready", flush=True)
for line in sys.stdin:
    command, _, rest = line.strip().partition(" ")
    if command == "get":
        response = client.get(rest)
        print(response.status_code, response.content.decode().replace("\n", " "), flush=True)
    elif command == "rename":
        slug, _, title = rest.partition(" ")
        item = PressItem.objects.get(slug=slug)
        item.title = title
        item.save()
        print("renamed", flush=True)
