"""The links in messages ("non posso venire", "stop reminders", the cycle's survey) and
when each still holds.

A link's code only says whom and what it names (core.links); whether it still works is
decided here, from the data: an apology only for a meeting still ahead, from someone
still in its group; a stop link while the person is a participant, and no longer than
the retention period; a survey link while its invitation stands (the purge deletes it)
and for SURVEY_LINK_DAYS.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core import links
from meetings.models import Meeting
from signups.models import PlaceOffer, SignupRequest, SurveyInvitation

APOLOGY = "a"
STOP_REMINDERS = "s"
SURVEY = "q"
PLACE_OFFER = "w"


class LinkRefused(Exception):
    """A link that was valid but no longer holds; `reason` picks the page's wording."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def url(code: str) -> str:
    return settings.SITE_URL + reverse("signups:link", args=[code])


def apology_url(meeting: Meeting, participant: SignupRequest) -> str:
    return url(links.make(APOLOGY, meeting.pk, participant.pk))


def stop_reminders_url(participant: SignupRequest) -> str:
    return url(links.make(STOP_REMINDERS, participant.pk))


def survey_url(invitation: SurveyInvitation) -> str:
    return url(links.make(SURVEY, invitation.pk))


def still_in_group(person: SignupRequest | None, group_id: int) -> SignupRequest:
    if person is None or person.anonymised_at is not None:
        raise LinkRefused("gone")
    if person.group_id != group_id or person.withdrawn_at is not None or not person.is_participant:
        raise LinkRefused("left")
    return person


def read_apology(numbers: list[int]) -> tuple[Meeting, SignupRequest]:
    """The meeting and the person of a "non posso venire" link, if it still holds."""
    meeting_pk, person_pk = numbers
    meeting = Meeting.objects.with_places().filter(pk=meeting_pk).first()
    if meeting is None:
        raise links.BadLink("no such meeting")
    if meeting.is_past:
        raise LinkRefused("past")
    person = SignupRequest.objects.filter(pk=person_pk).first()
    return meeting, still_in_group(person, meeting.group_id)


def read_stop_reminders(numbers: list[int], issued: datetime.date) -> SignupRequest:
    """The person of a "stop reminders" link, if it still holds."""
    (person_pk,) = numbers
    person = SignupRequest.objects.filter(pk=person_pk).first()
    person = still_in_group(person, person.group_id if person else 0)
    retention = datetime.timedelta(days=round(settings.SIGNUP_RETENTION_MONTHS * 365.25 / 12))
    if issued < timezone.localdate() - retention:
        raise LinkRefused("old")
    return person


def read_survey(numbers: list[int], issued: datetime.date) -> SurveyInvitation:
    """The invitation of a survey link, if it still holds; answered or not, the view says."""
    (invitation_pk,) = numbers
    invitation = (
        SurveyInvitation.objects.select_related("participant", "participant__group")
        .filter(pk=invitation_pk, participant__anonymised_at__isnull=True)
        .first()
    )
    if invitation is None:
        raise LinkRefused("gone")
    validity = datetime.timedelta(days=settings.SURVEY_LINK_DAYS)
    if not invitation.answered and issued < timezone.localdate() - validity:
        raise LinkRefused("old")
    return invitation


def offer_url(offer: PlaceOffer) -> str:
    return url(links.make(PLACE_OFFER, offer.pk))


def check_offer(offer: PlaceOffer | None) -> PlaceOffer:
    """An offer still open to an answer; else why not, for the page's wording."""
    if offer is None or offer.signup.anonymised_at is not None:
        raise LinkRefused("gone")
    if offer.status == PlaceOffer.Status.ACCEPTED:
        raise LinkRefused("offer-taken")
    if offer.status == PlaceOffer.Status.LAPSED or (
        offer.status == PlaceOffer.Status.OPEN and offer.expires_at <= timezone.now()
    ):
        raise LinkRefused("offer-lapsed")
    if offer.status != PlaceOffer.Status.OPEN:
        raise LinkRefused("offer-closed")
    return offer


def read_offer(numbers: list[int]) -> PlaceOffer:
    """The offer of a "posto libero" link, if it can still be answered."""
    (offer_pk,) = numbers
    offer = PlaceOffer.objects.select_related("signup", "group").filter(pk=offer_pk).first()
    return check_offer(offer)
