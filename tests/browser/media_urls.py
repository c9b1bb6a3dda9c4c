"""The project's URLs plus the uploads, for browser tests that show photos.

Production serves MEDIA_ROOT from the web server; the tests' MEDIA_ROOT is a fresh
folder per test, read when each request arrives.
"""

from django.conf import settings
from django.urls import path
from django.views.static import serve

from amalav.urls import handler400, handler404, handler500
from amalav.urls import urlpatterns as project_urls


def media(request, path: str):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [path("media/<path:path>", media), *project_urls]
__all__ = ["handler400", "handler404", "handler500", "urlpatterns"]
