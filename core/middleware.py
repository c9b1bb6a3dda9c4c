import codecs
import inspect
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.admin.options import BaseModelAdmin, IncorrectLookupParameters
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, QueryDict, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.urls import reverse

from core.db import deadline, request_slot

logger = logging.getLogger("amalav.requests")


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header, which Django does not set itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RequestLogMiddleware:
    """One structured line per request.

    Only the path (never the query string, body, client address or user) is
    logged: search terms and sign-up details are personal data.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


class RequestBodyLimitMiddleware:
    """Refuses a request body larger than its page can take, before anything reads it.

    Only the admin takes files (press attachments and documents); every other page
    takes a small form. Django's own limits count form fields, not uploaded files.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_page(request, 400)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if request.path.startswith(reverse("admin:index")):
            limit += settings.PRESS_UPLOAD_MAX_BYTES
        if length > limit:
            return error_page(request, 413)
        return self.get_response(request)


class RejectForeignCharsetMiddleware:
    """Answers 400 to a body that says it is not UTF-8.

    Our forms are UTF-8. Django refuses another charset on a plain form, but reads a
    charset it does not know (`charset=bogus`) as UTF-8: "André" sent in Latin-1 would be
    stored with a replacement character for its "é".
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        charset = request.content_params.get("charset")
        has_body = request.method not in ("GET", "HEAD")
        if has_body and charset is not None and codec_name(charset) != "utf-8":
            return error_page(request, 400)
        return self.get_response(request)


def codec_name(charset: str) -> str | None:
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


class RejectNulMiddleware:
    """Answers 400 to a NUL character in the path, the query or the form.

    No text of ours contains one, and PostgreSQL refuses it in a string: left in, it
    would end as a server error deep inside a query.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or has_nul(request.GET):
            return error_page(request, 400)
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            try:
                nul = has_nul(request.POST)
            # Unreadable: a body cut off by the client or by the server's read deadline.
            except (MultiPartParserError, UnreadablePostError):
                return error_page(request, 400)
            if nul:
                return error_page(request, 400)
        return self.get_response(request)


class ChangeListLookupMiddleware:
    """Answers 400 when the filters in the address of an admin list or export cannot run.

    A model's list and its exports (CSV, XLSX) build their rows from the lookups in the
    query string. The list turns a lookup that does not parse into its own error page; an
    export has no such handler. And a date Python cannot hold, in any date lookup
    (`?created_at__year=99999999999`, or `__gte=0001-01-01`, before year 1 in UTC),
    only fails while the query runs: without this, a server error.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, LOOKUP_ERRORS) and reads_list_filters(request):
            return error_page(request, 400)
        return None


# What a lookup the database cannot be asked raises: the admin's error for a value that
# does not parse, Python's for a date out of its range.
LOOKUP_ERRORS = (IncorrectLookupParameters, OverflowError, ValueError)

# Parameters of admin pages that are not a list's filters.
NOT_FILTERS = frozenset({"_changelist_filters", "_popup", "_to_field"})


def reads_list_filters(request: HttpRequest) -> bool:
    """Whether a model's admin page (its list, an export) has filters in its address."""
    match = request.resolver_match
    if match is None or not any(key not in NOT_FILTERS for key in request.GET):
        return False
    # The admin wraps each view; the model's own views are methods of its ModelAdmin.
    view = inspect.unwrap(match.func, stop=lambda func: hasattr(func, "__self__"))
    return isinstance(getattr(view, "__self__", None), BaseModelAdmin)


FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def has_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())


def error_page(request: HttpRequest, status: int) -> HttpResponse:
    """The site's page for a request refused before any view ran."""
    upload_mb = settings.PRESS_UPLOAD_MAX_BYTES // (1024 * 1024)
    return render(request, f"{status}.html", {"upload_mb": upload_mb}, status=status)


class PublicDatabaseDeadlineMiddleware:
    """Public pages give up on the database within PUBLIC_DB_SECONDS and say so in Italian.

    A frozen database must not hold a worker's threads for the admin's longer limit
    while visitors wait: past the deadline a public page is the 503 page (a sign-up gets
    its form back, see signups.views). The admin keeps DB_STATEMENT_TIMEOUT.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_admin(request):
            return self.get_response(request)
        with deadline(settings.PUBLIC_DB_SECONDS):
            return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_admin(request) or not isinstance(exception, OperationalError | InterfaceError):
            return None
        return database_away_page(request)


class RequestSlotsMiddleware:
    """At most REQUEST_SLOTS requests of a process wait on the database; a thread stays free.

    gunicorn's threads answer every request; if all of them waited on a frozen database,
    /healthz and cached pages would queue behind them. A request that needs the database
    when every slot stays taken a moment longer gets the 503 page (core.db.request_slot).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_slot(exempt=request.path == HEALTHZ_PATH):
            return self.get_response(request)


HEALTHZ_PATH = "/healthz"


def is_admin(request: HttpRequest) -> bool:
    return request.path.startswith(reverse("admin:index"))


def database_away_page(request: HttpRequest) -> HttpResponse:
    response = error_page(request, 503)
    response["Retry-After"] = str(settings.OUTAGE_RETRY_SECONDS)
    return response
