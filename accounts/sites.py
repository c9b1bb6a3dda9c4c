"""The admin opens only to staff who passed their second factor (see accounts/factors.py)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from accounts import factors


def safe_next(request: HttpRequest) -> str:
    """Where the person was going, if it is on this site; the dashboard otherwise."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("admin:index")


def second_step(request: HttpRequest) -> HttpResponse:
    """To the code (or passkey) page, or to enrolment for an account with no factor yet."""
    name = "admin:verify" if factors.has_factor(request.user) else "admin:enrol"
    return redirect(reverse(name) + "?" + urlencode({"next": safe_next(request)}))


class SecondFactorAdminSiteMixin:
    """Mixed into the AdminSite: a password alone opens no admin page."""

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and factors.is_verified(request.user)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        if factors.needs_second_step(request.user):
            return second_step(request)
        response = super().login(request, extra_context)
        # The right password: straight on to the second step, not back through the admin.
        if response.status_code == 302 and factors.needs_second_step(request.user):
            return second_step(request)
        return response

    def get_urls(self) -> list[URLPattern | URLResolver]:
        from accounts import views

        return [
            path("verifica/", views.verify, name="verify"),
            path("verifica/attiva/", views.enrol, name="enrol"),
            path("verifica/codici/", views.recovery_codes, name="recovery-codes"),
            path("sicurezza/", self.admin_view(views.security), name="security"),
            *super().get_urls(),
        ]
