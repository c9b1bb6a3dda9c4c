from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from amalav import views
from amalav.sitemaps import SITEMAPS

admin.site.site_header = "AMALav - amministrazione"
admin.site.site_title = "AMALav"
admin.site.index_title = "Gestione del portale"

handler404 = "amalav.views.page_not_found"
handler500 = "amalav.views.server_error"


def flatpage(url: str):
    return views.flat_page, {"url": url}


urlpatterns = [
    path("", views.home, name="home"),
    path("progetto/", *flatpage("/progetto/"), name="project"),
    path("progetto/primo-progetto/", *flatpage("/progetto/primo-progetto/"), name="first-project"),
    path("contatti/", *flatpage("/contatti/"), name="contacts"),
    path("privacy/", *flatpage("/privacy/"), name="privacy"),
    path("accessibilita/", *flatpage("/accessibilita/"), name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("", include("groups.urls")),
    path("", include("meetings.urls")),
    path("", include("press.urls")),
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
