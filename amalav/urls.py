from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.static import serve

from amalav import views
from amalav.accounts import OutboxPasswordResetForm
from amalav.sitemaps import SITEMAPS

handler400 = "amalav.views.bad_request"
handler404 = "amalav.views.page_not_found"
handler500 = "amalav.views.server_error"


# The password reset pages belong to the admin: its name in the header and the tab.
ADMIN_NAMES = {"site_header": admin.site.site_header, "site_title": admin.site.site_title}


def flatpage(url: str):
    return views.flat_page, {"url": url}


urlpatterns = [
    path("", views.home, name="home"),
    path("progetto/", *flatpage("/progetto/"), name="project"),
    path("progetto/primo-progetto/", *flatpage("/progetto/primo-progetto/"), name="first-project"),
    path("come-funziona/", *flatpage("/come-funziona/"), name="how-it-works"),
    path("contatti/", *flatpage("/contatti/"), name="contacts"),
    path("privacy/", *flatpage("/privacy/"), name="privacy"),
    path("accessibilita/", *flatpage("/accessibilita/"), name="accessibility"),
    path("stampa/", views.press_page, name="press-page"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_index, {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path(
        "",
        include(
            (
                [
                    path("gruppi/", views.group_list, name="list"),
                    path("gruppi/<slug:slug>/", views.group_detail, name="detail"),
                ],
                "groups",
            )
        ),
    ),
    path("", include("signups.urls")),
    path("", include("meetings.urls")),
    path("", include("press.urls")),
    # Staff who forgot their password, and new coordinators choosing theirs, get a link by
    # email (groups/services.py); the admin login page links here.
    path(
        "admin/password_reset/",
        auth_views.PasswordResetView.as_view(
            form_class=OutboxPasswordResetForm, extra_context=ADMIN_NAMES
        ),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(extra_context=ADMIN_NAMES),
        name="password_reset_done",
    ),
    path(
        "admin/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(extra_context=ADMIN_NAMES),
        name="password_reset_confirm",
    ),
    path(
        "admin/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(extra_context=ADMIN_NAMES),
        name="password_reset_complete",
    ),
    # Passkeys (django-otp-webauthn), the admin's second step after the password.
    path("admin/passkey/", include("accounts.passkey_urls")),
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
urlpatterns += [re_path(r"^(?P<url>.*/)$", views.flat_page, name="page")]
