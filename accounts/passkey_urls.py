"""django-otp-webauthn's endpoints, with the steps this site records; its names kept."""

from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn.views import BeginCredentialAuthenticationView

from accounts import views

app_name = "otp_webauthn"

urlpatterns = [
    path(
        "registrazione/inizio/",
        views.BeginPasskeyRegistration.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registrazione/fine/",
        views.CompletePasskeyRegistration.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "verifica/inizio/",
        BeginCredentialAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "verifica/fine/",
        views.CompletePasskeyAuthentication.as_view(),
        name="credential-authentication-complete",
    ),
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
