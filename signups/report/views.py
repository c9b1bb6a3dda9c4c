"""The report's page, and its downloads, at /admin/rapporto/."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from groups.models import Group
from signups.models import SignupRequest
from signups.report.charts import chart_of
from signups.report.exports import report_download
from signups.report.figures import build_report
from signups.report.forms import ReportForm, default_period


def countable_requests(user: AbstractBaseUser | AnonymousUser) -> QuerySet[SignupRequest]:
    """The requests whose figures this user may see: the report's one visibility rule.

    Every count of requests, participants and withdrawals starts from these rows. A
    coordinator counts their groups' requests; a superuser every request, those made for
    no group included. `SignupRequest.objects.visible_to(user)` is to take its place.
    """
    if user.is_superuser:
        return SignupRequest.objects.all()
    return SignupRequest.objects.filter(group__in=Group.objects.coordinated_by(user))


@require_safe
def report(request: HttpRequest) -> HttpResponse:
    groups = Group.objects.coordinated_by(request.user).order_by("town", "name")
    if "dal" in request.GET:
        params = request.GET.copy()
    else:
        start, end = default_period(groups)
        params = QueryDict(mutable=True)
        params.update({"dal": start.isoformat(), "al": end.isoformat()})
    form = ReportForm(params, groups=groups)
    context = {
        **admin.site.each_context(request),
        "title": _("Rapporto per i finanziatori"),
        "form": form,
        "tables": None,
        "sections": [],
        "groups": [],
        "downloads": {},
    }
    if not form.is_valid():
        return render(request, "signups/report.html", context, status=400)
    start, end = form.cleaned_data["dal"], form.cleaned_data["al"]
    picked = list(form.cleaned_data["gruppo"])
    chosen = picked or list(groups)
    requests = countable_requests(request.user)
    if picked:
        requests = requests.filter(group__in=picked)
    tables = build_report(chosen, requests, start, end)
    kind = request.GET.get("formato")
    if kind in ("csv", "xlsx"):
        return report_download(tables, start, end, chosen, kind)
    downloads = {}
    for fmt in ("xlsx", "csv"):
        params["formato"] = fmt
        downloads[fmt] = "?" + params.urlencode()
    context.update(
        tables=tables,
        sections=[{"table": table, "chart": chart_of(table)} for table in tables],
        groups=chosen,
        downloads=downloads,
    )
    return render(request, "signups/report.html", context)
