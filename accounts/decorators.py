from collections.abc import Callable

from django.contrib.auth.decorators import user_passes_test
from django.http import HttpResponse

from accounts import factors


def verified_staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """staff_member_required with the second factor, for staff pages outside the admin."""
    return user_passes_test(
        lambda user: user.is_active and user.is_staff and factors.is_verified(user),
        login_url="admin:login",
    )(view)
