"""Meetings, closure periods and the changes participants must hear of."""

from meetings.models.changes import ChangedMeeting, ScheduleChange
from meetings.models.closures import ClosurePeriod
from meetings.models.meetings import Meeting, MeetingQuerySet, with_first_meeting

__all__ = [
    "ChangedMeeting",
    "ClosurePeriod",
    "Meeting",
    "MeetingQuerySet",
    "ScheduleChange",
    "with_first_meeting",
]
