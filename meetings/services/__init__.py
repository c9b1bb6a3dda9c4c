"""The meetings app's services: planning a cycle and changing a calendar.

Admin actions, change forms, views and jobs call these; nothing else changes meetings.
"""

from meetings.services.changes import (
    ClosureHandling,
    cancel_meeting,
    meetings_inside,
    move_meeting,
    record_change,
    save_closure,
    save_meeting,
    shift_cycle,
)
from meetings.services.planning import (
    PlanningError,
    day_off_reason,
    delete_meeting,
    is_holiday,
    meeting_days,
    plan_cycle,
    schedule_epoch,
    start_date_warnings,
)

__all__ = [
    "ClosureHandling",
    "PlanningError",
    "cancel_meeting",
    "day_off_reason",
    "delete_meeting",
    "is_holiday",
    "meeting_days",
    "meetings_inside",
    "move_meeting",
    "plan_cycle",
    "record_change",
    "save_closure",
    "save_meeting",
    "schedule_epoch",
    "shift_cycle",
    "start_date_warnings",
]
