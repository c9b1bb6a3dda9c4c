from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.flatpages import views as flatpage_views
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.static import serve

from amalav import views
from amalav.sitemaps import SITEMAPS
from core.cache import public_page

handler404 = "amalav.views.page_not_found"
handler500 = "amalav.views.server_error"


def flatpage(url: str):
    return public_page(flatpage_views.flatpage), {"url": url}


urlpatterns = [
    path("", views.home, name="home"),
    path("progetto/", *flatpage("/progetto/"), name="project"),
    path("progetto/primo-progetto/", *flatpage("/progetto/primo-progetto/"), name="first-project"),
    path("contatti/", *flatpage("/contatti/"), name="contacts"),
    path("privacy/", *flatpage("/privacy/"), name="privacy"),
    path("accessibilita/", *flatpage("/accessibilita/"), name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots"),
    # Pages without an icon link (the admin's) make browsers ask for this one.
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        public_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("", include("groups.urls")),
    path("", include("signups.urls")),
    path("", include("meetings.urls")),
    path("", include("press.urls")),
    # A new coordinator chooses a password from the emailed link (groups/services.py).
    path(
        "admin/password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "admin/password/fatto/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    # Development only: in production the web server or shared storage serves media.
    urlpatterns += [
        path(
            "media/<path:path>",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# Last: any other address is a text page a coordinator may have created (or a 404).
urlpatterns += [re_path(r"^(?P<url>.*/)$", public_page(flatpage_views.flatpage), name="page")]
