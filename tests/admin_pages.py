"""Every admin page a user can open, found from the admin's registry and URL patterns.

The Italian walk (test client) and the accessibility walk (Chromium) both read this, so a
page another developer adds to the admin is checked without anyone listing it. A new
URL whose arguments cannot be filled here fails the walk instead of being left out.
"""

import datetime
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.models import Message
from groups.models import Group
from meetings.models import ClosurePeriod, Meeting
from press.models import Outlet
from signups import services
from signups.models import Attendance, SentMessage, SignupRequest
from tests.logins import log_in_verified

# Admin URLs that are not pages a person reads, each with the reason.
NOT_PAGES = {
    "admin:jsi18n": "the JavaScript catalogue",
    "admin:autocomplete": "JSON for the select boxes",
    "admin:view_on_site": "a redirect to the public site",
    "admin:logout": "answers POST only",
    "admin:call-done": "answers POST only",
    "admin:signups_signuprequest_contacted": "answers POST only",
    "admin:signups_signuprequest_offer": "answers POST only",
    "admin:signups_signuprequest_cancel_offer": "answers POST only",
    # The email itself as the person got it (templates/emails/), opened in a new tab.
}
# Arguments that name the model admin's own object.
OBJECT_ARGUMENTS = {"object_id", "pk", "id"}


@dataclass(frozen=True)
class Action:
    """An admin action that answers with a page of its own (a form, a confirmation)."""

    changelist: str
    name: str
    pk: int

    def post_data(self) -> dict:
        return {"action": self.name, "_selected_action": [self.pk], "index": 0}


def user_request(user, path: str = "/admin/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


def first_objects(request) -> dict[type, object]:
    """The first row of each list the user sees: the sample for every object URL."""
    samples = {}
    for model, model_admin in admin.site._registry.items():
        if model_admin.has_view_or_change_permission(request):
            first = model_admin.get_queryset(request).order_by("pk").first()
            if first is not None:
                samples[model] = first
    return samples


def candidate_urls(user, account) -> list[str]:
    """Every admin URL with its arguments filled for `user`; not all of them answer.

    `account` is whose password reset link the reset pages open.
    """
    request = user_request(user)
    samples = first_objects(request)
    by_model_name = {model._meta.model_name: obj for model, obj in samples.items()}
    registered = {model._meta.model_name for model in admin.site._registry}
    fixed = {
        "app_label": [app["app_label"] for app in admin.site.get_app_list(request)],
        "uidb64": [urlsafe_base64_encode(force_bytes(account.pk))],
        "token": [default_token_generator.make_token(account)],
    }

    def fill(pattern: URLPattern, name: str, obj=None) -> list[str]:
        if name in NOT_PAGES:
            return []
        if name == "admin:signups_signuprequest_resend":
            # A failed message of the very request it belongs to.
            failed = SentMessage.objects.visible_to(user).filter(
                message__status=Message.Status.FAILED
            )
            return [reverse(name, args=[sent.signup_id, sent.pk]) for sent in failed[:1]]
        choices: dict[str, list] = {}
        for argument in pattern.pattern.regex.groupindex:
            model_name = argument.removesuffix("_id")
            if argument in OBJECT_ARGUMENTS and obj is not None:
                choices[argument] = [obj.pk]
            elif argument in fixed:
                choices[argument] = fixed[argument]
            elif model_name in by_model_name:
                choices[argument] = [by_model_name[model_name].pk]
            elif model_name in registered:
                return []  # the user sees none of these objects
            else:
                raise AssertionError(
                    f"{name}: tell tests/admin_pages.py how to fill <{argument}>, "
                    "or list the URL in NOT_PAGES with the reason"
                )
        combos: list[dict] = [{}]
        for argument, values in choices.items():
            combos = [{**combo, argument: value} for combo in combos for value in values]
        return [reverse(name, kwargs=combo) for combo in combos]

    urls = []
    for pattern in admin.site.get_urls():
        if isinstance(pattern, URLPattern) and pattern.name:
            urls += fill(pattern, f"admin:{pattern.name}")
    for model, model_admin in admin.site._registry.items():
        obj = samples.get(model)
        for pattern in model_admin.get_urls():
            if not pattern.name:
                continue
            if OBJECT_ARGUMENTS & set(pattern.pattern.regex.groupindex) and obj is None:
                continue
            urls += fill(pattern, f"admin:{pattern.name}", obj)
    # The password reset pages live in the project's URLconf, beside the admin.
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLPattern) and str(pattern.pattern).startswith("admin/"):
            urls += fill(pattern, pattern.name)
    return list(dict.fromkeys(urls))


def is_page(response) -> bool:
    return response.status_code == 200 and response["Content-Type"].startswith("text/html")


def admin_pages(client: Client, user, account=None) -> list[str]:
    """The URLs that show `user` a page of their own, one URL a page.

    Anonymous when `user` is an AnonymousUser (then `account` names the reset link's
    owner). A URL that redirects to a page already found (the login page, for
    instance) is left out.
    """
    if user.is_authenticated:
        log_in_verified(client, user)
    found: dict[str, str] = {}
    for url in candidate_urls(user, account or user):
        response = client.get(url, follow=True)
        if not is_page(response):
            continue
        if response.redirect_chain:
            found.setdefault(response.request["PATH_INFO"], url)
        else:
            found[url] = url
    return list(found.values())


def action_pages(client: Client, user) -> list[Action]:
    """The actions that answer with a page, each tried on the first row of its list.

    Tried inside a transaction rolled back, so the actions that change something at once
    leave the data as it was.
    """
    log_in_verified(client, user)
    request = user_request(user)
    found = []
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_or_change_permission(request):
            continue
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        listing = model_admin.get_changelist_instance(user_request(user, changelist))
        rows = list(listing.result_list[:1])
        if not rows:
            continue
        for name in model_admin.get_actions(request):
            action = Action(changelist, name, rows[0].pk)
            with transaction.atomic():
                response = client.post(changelist, action.post_data())
                transaction.set_rollback(True)
            if is_page(response):
                found.append(action)
    return found


def fill_every_list(coordinator) -> None:
    """At least one row in every list of the admin, so every change page is walked too.

    On top of the demo seed: a request the coordinator handled, a participant with a
    register line and a failed email, closures, outlets, login records.
    """
    cesano = Group.objects.get(slug="cesano-maderno")
    now = timezone.now()
    maria = SignupRequest.objects.create(
        first_name="Maria",
        last_name="Colombo",
        email="maria@example.org",
        phone="+393401234567",
        town="Seregno",
        group=cesano,
        privacy_version="2026-11",
        privacy_accepted_at=now,
    )
    services.accept(SignupRequest.objects.filter(pk=maria.pk), coordinator)
    # A person on the waiting list with a place offered: the offer's steps on their page.
    giulia = SignupRequest.objects.create(
        first_name="Giulia",
        last_name="Brambilla",
        email="giulia@example.org",
        town="Desio",
        group=cesano,
        status=SignupRequest.Status.WAITING,
        privacy_version="2026-11",
        privacy_accepted_at=now,
    )
    services.offer_place(giulia, coordinator)
    meeting = Meeting.objects.filter(group=cesano).order_by("starts_at").first()
    Attendance.objects.create(meeting=meeting, participant=maria, status=Attendance.Status.PRESENT)
    Message.objects.filter(about__signup=maria, kind="welcome").update(
        status=Message.Status.FAILED,
        error="SMTPRecipientsRefused: 550 casella inesistente",
        explanation="Indirizzo inesistente o rifiutato dal destinatario: correggilo e rinvia.",
    )
    ClosurePeriod.objects.create(
        start=timezone.localdate() + datetime.timedelta(days=60),
        end=timezone.localdate() + datetime.timedelta(days=75),
        group=cesano,
        reason="Chiusura estiva della sede",
    )
    ClosurePeriod.objects.create(
        start=timezone.localdate() + datetime.timedelta(days=120),
        end=timezone.localdate() + datetime.timedelta(days=135),
        reason="Natale",
    )
    Outlet.objects.get_or_create(name="Il Cittadino di Monza e Brianza")
    AccessAttempt.objects.create(
        username="anna",
        ip_address="192.0.2.10",
        user_agent="Firefox",
        failures_since_start=2,
        get_data="",
        post_data="",
        http_accept="text/html",
        path_info="/admin/login/",
    )
    AccessLog.objects.create(
        username="anna",
        ip_address="192.0.2.10",
        user_agent="Firefox",
        http_accept="text/html",
        path_info="/admin/login/",
        attempt_time=now,
    )
    AccessFailureLog.objects.create(
        username="anna",
        ip_address="192.0.2.11",
        user_agent="Firefox",
        http_accept="text/html",
        path_info="/admin/login/",
        attempt_time=now,
        locked_out=False,
    )
