"""The admin site: Django's, plus the coordinators' dashboard, registers and report."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from accounts.sites import SecondFactorAdminSiteMixin


class AmalavAdminSite(SecondFactorAdminSiteMixin, admin.AdminSite):
    index_template = "admin/dashboard.html"

    def get_urls(self) -> list[URLPattern | URLResolver]:
        # Imported here: the apps' admin modules register on this very site when loaded.
        from signups import register
        from signups.admin.group_messages import write_to_group
        from signups.admin.messages import call_done
        from signups.report.views import report

        # admin_view: staff only, login redirect, never cached, CSRF-protected.
        return [
            path(
                "registro/<int:meeting_id>/",
                self.admin_view(register.register),
                name="register",
            ),
            path(
                "registro/<int:meeting_id>/foglio-firme/",
                self.admin_view(register.sign_in_sheet),
                name="sign-in-sheet",
            ),
            path("rapporto/", self.admin_view(report), name="report"),
            path("telefonate/<int:pk>/fatta/", self.admin_view(call_done), name="call-done"),
            path(
                "gruppi/<int:group_id>/scrivi/",
                self.admin_view(write_to_group),
                name="group-message",
            ),
            *super().get_urls(),
        ]

    def index(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        from amalav.dashboard import dashboard_context

        return super().index(request, {**dashboard_context(request), **(extra_context or {})})
