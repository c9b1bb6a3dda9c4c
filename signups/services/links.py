"""Signed links in messages: "non posso venire" and "stop reminders"."""

import datetime

from django.core import signing

from meetings.models import Meeting
from signups.models import SignupRequest

APOLOGY_SALT = "signups.apology"
STOP_REMINDERS_SALT = "signups.stop-reminders"
# A link older than this is refused even if its meeting is still ahead.
LINK_MAX_AGE = datetime.timedelta(days=60)


def apology_token(meeting: Meeting, participant: SignupRequest) -> str:
    return signing.dumps([meeting.pk, participant.pk], salt=APOLOGY_SALT, compress=True)


def read_apology_token(token: str) -> tuple[Meeting, SignupRequest]:
    """The meeting and person a "non posso venire" link names.

    Raises BadSignature when the link was altered, SignatureExpired once the meeting is over.
    """
    meeting_pk, participant_pk = signing.loads(token, salt=APOLOGY_SALT, max_age=LINK_MAX_AGE)
    meeting = Meeting.objects.with_places().filter(pk=meeting_pk).first()
    participant = SignupRequest.objects.filter(pk=participant_pk).first()
    if meeting is None or participant is None or participant.anonymised_at:
        raise signing.BadSignature("no such meeting or participant")
    if meeting.is_past:
        raise signing.SignatureExpired("meeting is over")
    return meeting, participant


def stop_reminders_token(participant: SignupRequest) -> str:
    return signing.dumps(participant.pk, salt=STOP_REMINDERS_SALT)


def read_stop_reminders_token(token: str) -> SignupRequest:
    """Raises BadSignature when the link was altered or its person is gone."""
    participant = SignupRequest.objects.filter(
        pk=signing.loads(token, salt=STOP_REMINDERS_SALT), anonymised_at__isnull=True
    ).first()
    if participant is None:
        raise signing.BadSignature("no such participant")
    return participant
