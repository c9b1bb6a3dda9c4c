from __future__ import annotations

import datetime
import unicodedata
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, Max, OuterRef, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from groups.visibility import visible_rows
from meetings.models import Meeting

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

    from signups.models.requests import SignupRequest


def person_key(first_name: str, last_name: str) -> str:
    """A name as the duplicate check compares it: no case, accents or extra spaces."""
    text = unicodedata.normalize("NFKD", f"{first_name} {last_name}".casefold())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


class SignupRequestQuerySet(models.QuerySet["SignupRequest"]):
    def stored_before(
        self, signup: SignupRequest, window: datetime.timedelta
    ) -> SignupRequestQuerySet:
        """What a submission repeats, in one query: first the request its form's token
        stored, then the same person (name, and email or phone) asking for the same group
        within `window`, oldest first."""
        same_contact = Q(pk__in=[])
        if signup.email:
            same_contact |= Q(email=signup.email)
        if signup.phone:
            same_contact |= Q(phone=signup.phone)
        same_person = same_contact & Q(
            group=signup.group,
            person_key=person_key(signup.first_name, signup.last_name),
            created_at__gte=timezone.now() - window,
        )
        same_token = Q(submission_token=signup.submission_token)
        return self.filter(same_token | same_person).order_by(
            ExpressionWrapper(same_token, output_field=BooleanField()).desc(), "created_at"
        )

    def due_for_purge(
        self, months: int, now: datetime.datetime | None = None
    ) -> SignupRequestQuerySet:
        """Requests kept `months` after the later of their creation and their group's last meeting.

        A group reopened long after its last cycle, or with meetings still ahead, keeps its
        fresh requests: the clock starts again with each request.
        """
        now = now or timezone.now()
        cutoff = now - datetime.timedelta(days=round(months * 365.25 / 12))
        last_meeting = Max("group__meetings__starts_at")
        # A subquery of ids, so that the aggregate never reaches delete() or update().
        due = (
            self.model.objects.alias(
                kept_from=Greatest("created_at", Coalesce(last_meeting, "created_at"))
            )
            .filter(kept_from__lt=cutoff)
            .values("pk")
        )
        return self.filter(anonymised_at__isnull=True, pk__in=due)

    def on_register_of(self, meeting: Meeting) -> SignupRequestQuerySet:
        """The participants a meeting's register lists.

        Everyone in the group on the meeting's day (accepted by the end of that day, so a
        person who just turned up and was added that evening is there; not yet withdrawn),
        and anyone already recorded.
        """
        meeting_day = timezone.localdate(meeting.starts_at)
        day_after = datetime.datetime.combine(
            meeting_day + datetime.timedelta(days=1),
            datetime.time.min,
            tzinfo=timezone.get_current_timezone(),
        )
        from signups.models.attendance import Attendance  # it refers to this module

        recorded = Attendance.objects.filter(meeting=meeting, participant=OuterRef("pk"))
        in_group = Q(accepted_at__lt=day_after) & (
            Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gt=meeting.starts_at)
        )
        return self.filter(group=meeting.group_id, accepted_at__isnull=False).filter(
            in_group | Exists(recorded)
        )

    def visible_to(self, user: AbstractUser) -> SignupRequestQuerySet:
        """The requests and participants this user may see and change.

        The one rule the admin, the dashboard, the report, the exports and the register
        share: a coordinator's groups, plus requests for "any group" for the coordination.
        """
        return self.filter(visible_rows(user, "group"))

    def reachable_participants(self) -> SignupRequestQuerySet:
        """People in a group's cycle now: notices go to them, by their channel."""
        return self.filter(
            status=self.model.Status.ACCEPTED,
            accepted_at__isnull=False,
            anonymised_at__isnull=True,
        )
