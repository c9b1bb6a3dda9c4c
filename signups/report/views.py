"""The report's page, and its downloads, at /admin/rapporto/."""

from __future__ import annotations

from django.contrib import admin
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
from signups.report.outcomes import outcome_tables


@require_safe
def report(request: HttpRequest) -> HttpResponse:
    groups = Group.objects.coordinated_by(request.user).in_order()
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
    # The one visibility rule: a coordinator's groups, and requests for "any group" for
    # the coordination and superusers.
    requests = SignupRequest.objects.visible_to(request.user)
    if picked:
        requests = requests.filter(group__in=picked)
    tables = [*build_report(chosen, requests, start, end), *outcome_tables(chosen, start, end)]
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
