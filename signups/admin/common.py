"""What the requests and the participants lists share: contact links, places, emails."""

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from post_office.models import STATUS, Email

from core import phones
from groups.models import Group
from signups.models import SignupRequest

EMAIL_STATUS = {
    STATUS.queued: _("in coda"),
    STATUS.requeued: _("in coda, nuovo tentativo"),
    STATUS.sent: _("inviata"),
    STATUS.failed: _("non inviata"),
}


def email_error(email: Email) -> str:
    """The last delivery error of a message not (yet) sent."""
    if email.status == STATUS.sent:
        return ""
    failures = [log for log in email.logs.all() if log.status == STATUS.failed]
    if not failures:
        return ""
    last = max(failures, key=lambda log: log.date)
    return f"{last.exception_type}: {last.message}"


@admin.display(description=_("telefono"), ordering="phone")
def phone_link(signup: SignupRequest) -> str:
    """The number as people write it, a tap away from a call."""
    if not signup.phone:
        return "-"
    return format_html(
        '<a href="{}">{}</a>', phones.tel_href(signup.phone), phones.for_people(signup.phone)
    )


def mailto_link(address: str, label: str | None = None) -> str:
    if not address:
        return "-"
    return format_html('<a href="mailto:{}">{}</a>', address, label or address)


@admin.display(description=_("email"), ordering="email")
def email_link(signup: SignupRequest) -> str:
    return mailto_link(signup.email)


def places_text(group: Group, accepted: int) -> str:
    """ "3 liberi su 10", or how far beyond capacity the group is."""
    if group.capacity is None:
        return gettext("%(accepted)d accettate, posti non limitati") % {"accepted": accepted}
    free = group.capacity - accepted
    if free < 0:
        return gettext("nessuno: %(over)d oltre i %(capacity)d posti") % {
            "over": -free,
            "capacity": group.capacity,
        }
    return gettext("%(free)d liberi su %(capacity)d") % {"free": free, "capacity": group.capacity}


def spreadsheet_response(content: bytes, extension: str, name: str) -> HttpResponse:
    content_type = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }[extension]
    response = HttpResponse(content, content_type=content_type)
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{extension}"'
    return response
