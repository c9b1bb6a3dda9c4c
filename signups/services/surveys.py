"""The cycle's survey: sent before the last meeting and three months after it, answered
once through its link, kept without the person's name (signups.models.surveys)."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from groups.models import Group
from meetings.models import Meeting
from signups.models import SignupRequest, Survey, SurveyAnswer, SurveyInvitation
from signups.services.channels import tell
from signups.services.links import survey_url

# A last meeting moved by a few days must not bring a second end-of-cycle survey.
SAME_CYCLE = datetime.timedelta(days=120)


class AlreadyAnswered(Exception):
    """The invitation's answers are already stored: a person answers each survey once."""


def last_meetings_ahead(now: datetime.datetime) -> list[Meeting]:
    """Last meetings of job-loss groups' cycles starting within the survey's notice."""
    later = Meeting.objects.taking_place().filter(
        group=OuterRef("group"), starts_at__gt=OuterRef("starts_at")
    )
    notice = datetime.timedelta(days=settings.SURVEY_DAYS_BEFORE_LAST_MEETING)
    return list(
        Meeting.objects.taking_place()
        .filter(starts_at__gt=now, starts_at__lte=now + notice)
        # Archimedes groups are about science, not work: no work situation to follow.
        .exclude(group__kind=Group.Kind.ARCHIMEDES)
        .exclude(Exists(later))
        .select_related("group", "group__venue")
    )


def invite(person: SignupRequest, survey: str, cycle_end: datetime.date) -> bool:
    """Queues one survey to one person, once: the invitation and its message are written
    in one transaction, and its unique constraint stops a second one."""
    try:
        with transaction.atomic():
            invitation = SurveyInvitation.objects.create(
                participant=person, survey=survey, cycle_end=cycle_end
            )
            tell(person, "survey", survey_context(invitation))
    except IntegrityError:
        return False  # another worker queued it first
    return True


def survey_context(invitation: SurveyInvitation) -> dict:
    valid_until = timezone.localdate() + datetime.timedelta(days=settings.SURVEY_LINK_DAYS)
    group = invitation.participant.group
    link = survey_url(invitation)
    return {
        "later": invitation.survey == Survey.LATER,
        "survey_url": link,
        # The coordinator on the call list fills in the form for the person: the words
        # they read out drop every *_url, so the link also travels under this name.
        "survey_link": link,
        "valid_until": valid_until,
        "phone": group.phone if group else settings.COORDINATION_PHONE,
    }


def send_surveys(now: datetime.datetime | None = None) -> str:
    """Queues the end-of-cycle survey and the one three months later, each once (a job)."""
    now = now or timezone.now()
    queued = 0
    for meeting in last_meetings_ahead(now):
        cycle_end = timezone.localdate(meeting.starts_at)
        recently_asked = SurveyInvitation.objects.filter(
            survey=Survey.END, cycle_end__gte=cycle_end - SAME_CYCLE
        ).values("participant")
        people = (
            SignupRequest.objects.reachable_participants()
            .filter(group=meeting.group_id, accepted_at__lt=meeting.starts_at)
            .exclude(pk__in=recently_asked)
            .select_related("group")
        )
        queued += sum(invite(person, Survey.END, cycle_end) for person in people)
    today = timezone.localdate(now)
    ended = today - relativedelta(months=settings.SURVEY_FOLLOW_UP_MONTHS)
    # Those asked at the end of a cycle that ended three months ago; a month's grace lets a
    # worker that was stopped catch up, and no older cycle is surveyed out of the blue.
    asked_at_the_end = (
        SurveyInvitation.objects.filter(
            survey=Survey.END,
            cycle_end__lte=ended,
            cycle_end__gt=ended - relativedelta(months=1),
            participant__in=SignupRequest.objects.reachable_participants(),
        )
        .exclude(
            Exists(
                SurveyInvitation.objects.filter(
                    participant=OuterRef("participant"),
                    survey=Survey.LATER,
                    cycle_end=OuterRef("cycle_end"),
                )
            )
        )
        .select_related("participant", "participant__group")
    )
    for invitation in asked_at_the_end:
        queued += invite(invitation.participant, Survey.LATER, invitation.cycle_end)
    return f"{queued} survey(s) queued" if queued else ""


@transaction.atomic
def record_answer(
    invitation: SurveyInvitation,
    *,
    work_situation_now: str,
    helped: list[str],
    recommend: str,
) -> SurveyAnswer:
    """Stores one survey's answers without the person, and marks the invitation answered.

    The invitation is locked first: two posts of the same form store one answer.
    """
    invitation = (
        SurveyInvitation.objects.select_for_update()
        .select_related("participant")
        .get(pk=invitation.pk)
    )
    if invitation.answered:
        raise AlreadyAnswered
    person = invitation.participant
    answer = SurveyAnswer.objects.create(
        group_id=person.group_id,
        cycle_end=invitation.cycle_end,
        survey=invitation.survey,
        answered_on=timezone.localdate(),
        work_situation_at_signup=person.work_situation,
        work_situation_now=work_situation_now,
        helped=sorted(set(helped)),
        recommend=recommend,
    )
    invitation.answered = True
    invitation.save(update_fields=["answered"])
    return answer
