from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest | None) -> dict[str, str]:
    return {
        "COORDINATION_EMAIL": settings.COORDINATION_EMAIL,
        "COORDINATION_PHONE": settings.COORDINATION_PHONE,
        "SITE_URL": settings.SITE_URL,
    }
