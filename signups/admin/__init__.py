"""The signups app's admin, by what coordinators do: handle requests, look after the
people of their groups, and see both on the groups and meetings lists."""

from signups.admin import extensions, participants, requests

__all__ = ["extensions", "participants", "requests"]
