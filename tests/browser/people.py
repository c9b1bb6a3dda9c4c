"""People the browser tests meet on the links messages carry."""

from django.utils import timezone

from meetings.models import Meeting
from signups.models import SignupRequest


def lucia_before_a_meeting() -> tuple[Meeting, SignupRequest]:
    """The next meeting taking place and Lucia, a participant of its group."""
    meeting = Meeting.objects.upcoming().exclude(status=Meeting.Status.CANCELLED).first()
    person = SignupRequest.objects.create(
        first_name="Lucia",
        last_name="Brambilla",
        email="lucia.brambilla@example.org",
        town="Seveso",
        group=meeting.group,
        work_situation=SignupRequest.WorkSituation.UNEMPLOYED,
        privacy_version="2026-11",
        privacy_accepted_at=timezone.now(),
        status=SignupRequest.Status.ACCEPTED,
        accepted_at=timezone.now(),
    )
    return meeting, person
