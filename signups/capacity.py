"""What a change of a request does to the public pages: only the "capacity" family.

Requests are never shown; the pages show how many are accepted ("al completo" on the
sign-up form, the count of participants on the press page). A request changes those
only when it enters or leaves a group's accepted people or the participants: a new
request from the public form (never accepted) leaves every cached page as it was.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from core.cache import CAPACITY, content_changed
from signups.models import Participant, SignupRequest


def shown_state(request: SignupRequest) -> tuple[int | None, bool, bool]:
    """What of a request the public pages count: its group, accepted now, ever accepted."""
    return (
        request.group_id,
        request.status == SignupRequest.Status.ACCEPTED,
        request.accepted_at is not None,
    )


NOT_COUNTED = (None, False, False)


SHOWN_FIELDS = {"group", "group_id", "status", "accepted_at"}


def remember_state(sender: type, instance: SignupRequest, **kwargs) -> None:
    if instance._state.adding or instance.pk is None:
        instance._shown_before = NOT_COUNTED
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not SHOWN_FIELDS & set(update_fields):
        # A save of other fields (a note, the worker's stamp) changes nothing shown.
        instance._shown_before = shown_state(instance)
        return
    before = (
        SignupRequest.objects.filter(pk=instance.pk)
        .values_list("group_id", "status", "accepted_at")
        .first()
    )
    if before is None:
        instance._shown_before = NOT_COUNTED
        return
    group_id, status, accepted_at = before
    instance._shown_before = (
        group_id,
        status == SignupRequest.Status.ACCEPTED,
        accepted_at is not None,
    )


def counted(state: tuple[int | None, bool, bool]) -> bool:
    return state[1] or state[2]


def after_save(sender: type, instance: SignupRequest, using: str | None = None, **kwargs) -> None:
    before = getattr(instance, "_shown_before", None)
    after = shown_state(instance)
    if before is None or (before != after and (counted(before) or counted(after))):
        content_changed(CAPACITY, using=using)


def after_delete(sender: type, instance: SignupRequest, using: str | None = None, **kwargs) -> None:
    if counted(shown_state(instance)):
        content_changed(CAPACITY, using=using)


def watch_capacity() -> None:
    """Called once from the app's ready(): requests and participants are the same rows."""
    for model in (SignupRequest, Participant):
        uid = f"capacity-{model._meta.label}"
        pre_save.connect(remember_state, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(after_save, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(after_delete, sender=model, dispatch_uid=f"{uid}-delete")
