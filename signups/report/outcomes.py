"""The report's "Esiti": the cycle's survey answers, counted, with their percentages.

The answers name nobody (signups.models.surveys), so these tables, like the rest of the
report, are only counts; the purge changes none of them.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.utils.translation import gettext as _

from groups.models import Group
from signups.models import WORK_NOW_CHOICES, Helped, Recommend, SignupRequest, Survey, SurveyAnswer
from signups.report.figures import Cell, Table, rate


def read_answers(groups: list[Group], start: datetime.date, end: datetime.date) -> list:
    """The period's answers of the groups, one named row each, in one query."""
    return list(
        SurveyAnswer.objects.of_groups(groups)
        .filter(answered_on__gte=start, answered_on__lte=end)
        .order_by()
        .values_list(
            "survey",
            "work_situation_at_signup",
            "work_situation_now",
            "helped",
            "recommend",
            named=True,
        )
    )


def counts_and_shares(counts: Counter, total: int, value: str) -> list[Cell]:
    return [counts[value], rate(counts[value], total)]


def outcome_tables(groups: list[Group], start: datetime.date, end: datetime.date) -> list[Table]:
    answers = read_answers(groups, start, end)
    by_survey = {
        survey: [row for row in answers if row.survey == survey] for survey in Survey.values
    }
    end_answers, later_answers = by_survey[Survey.END], by_survey[Survey.LATER]
    surveys = [(_("A fine ciclo"), end_answers), (_("Dopo tre mesi"), later_answers)]
    answered = Table(
        _("Esiti: risposte ai questionari"),
        [_("Questionario"), _("Risposte")],
        [[label, len(rows)] for label, rows in surveys],
        chart_column=None,
    )

    # At sign-up: the situation the people who answered at the end had given on the form.
    at_signup = Counter(row.work_situation_at_signup for row in end_answers)
    now = [Counter(row.work_situation_now for row in rows) for _label, rows in surveys]
    situation = Table(
        _("Esiti: situazione lavorativa all'iscrizione, a fine ciclo e dopo tre mesi"),
        [
            _("Situazione lavorativa"),
            _("All'iscrizione"),
            _("All'iscrizione (%)"),
            *survey_headers(surveys),
        ],
        # The bars: the share at the end of the cycle.
        chart_column=4,
    )
    signup_values = set(SignupRequest.WorkSituation.values)
    for value, label in WORK_NOW_CHOICES:
        row: list[Cell] = [str(label)]
        if value in signup_values:
            row += counts_and_shares(at_signup, len(end_answers), value)
        else:
            row += [None, None]  # not a choice of the sign-up form
        situation.rows.append([*row, *shares_per_survey(now, surveys, value)])
    if at_signup[""]:
        # Archimedes-era requests and people a coordinator added without one.
        situation.rows.append(
            [
                _("Non indicata"),
                *counts_and_shares(at_signup, len(end_answers), ""),
                *shares_per_survey([Counter(), Counter()], surveys, ""),
            ]
        )
    ticked = [Counter(value for row in rows for value in row.helped) for _label, rows in surveys]
    said = [Counter(row.recommend for row in rows) for _label, rows in surveys]
    return [
        answered,
        situation,
        choice_shares(
            _("Esiti: che cosa è stato utile (più risposte possibili)"),
            Helped.choices,
            ticked,
            surveys,
        ),
        choice_shares(_("Esiti: consiglierebbero il gruppo"), Recommend.choices, said, surveys),
    ]


def survey_headers(surveys: list) -> list[str]:
    """A count and a share column for each survey: "A fine ciclo", "A fine ciclo (%)"."""
    return [
        heading
        for label, _rows in surveys
        for heading in (label, _("%(label)s (%%)") % {"label": label})
    ]


def shares_per_survey(counters: list[Counter], surveys: list, value: str) -> list[Cell]:
    """A value's count and share in each survey's answers, side by side."""
    return [
        cell
        for counts, (_label, rows) in zip(counters, surveys, strict=True)
        for cell in counts_and_shares(counts, len(rows), value)
    ]


def choice_shares(
    title: str, choices: list[tuple[str, str]], counters: list[Counter], surveys: list
) -> Table:
    table = Table(title, [_("Risposta"), *survey_headers(surveys)], chart_column=2)
    table.rows = [
        [str(label), *shares_per_survey(counters, surveys, value)] for value, label in choices
    ]
    return table
