"""The meetings app's admin: the meetings list and form, the groups list's calendar
column and actions (planning, shifting), and the closure periods."""

from meetings.admin import closures, groups, meetings

__all__ = ["closures", "groups", "meetings"]
