"""The waiting list that moves: a freed place goes to the first person waiting, by their
channel, with a link valid OFFER_VALID_FOR; if they decline or let it lapse, to the next.

An open offer holds its place. Every change here first locks the group's row, so the
group's accepted people plus its open offers never exceed its capacity, whichever
worker, link or coordinator acts at the same moment. Accepting an offer is
participation.accept_offer: one way to become a participant.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from groups.models import Group
from signups.models import OFFER_VALID_FOR, PlaceOffer, SignupRequest
from signups.services.channels import tell
from signups.services.links import check_offer, offer_url

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

Status = PlaceOffer.Status
# Who may be offered a place by hand: not someone already in the group.
OFFERABLE = (
    SignupRequest.Status.WAITING,
    SignupRequest.Status.CONTACTED,
    SignupRequest.Status.NEW,
)


class NoPlace(Exception):
    """The group has no place free, and none held by an offer to hand over."""


def lock_group(group_id: int) -> Group:
    return Group.objects.select_for_update().get(pk=group_id)


def free_places(group: Group) -> int | None:
    """Places neither taken nor held by an open offer; None when the group has no limit."""
    if group.capacity is None:
        return None
    taken = group.signup_requests.filter(status=SignupRequest.Status.ACCEPTED).count()
    held = PlaceOffer.objects.open().filter(group=group).count()
    return group.capacity - taken - held


def next_in_line(group: Group) -> SignupRequest | None:
    """The longest waiting person never yet offered a place in this group."""
    offered = PlaceOffer.objects.filter(signup=OuterRef("pk"), group=group)
    return (
        SignupRequest.objects.filter(
            group=group, status=SignupRequest.Status.WAITING, anonymised_at__isnull=True
        )
        .exclude(Exists(offered))
        .order_by("created_at", "pk")
        .select_related("group")
        .first()
    )


def make_offer(signup: SignupRequest, group: Group, by: AbstractUser | None) -> PlaceOffer:
    now = timezone.now()
    offer = PlaceOffer.objects.create(
        signup=signup, group=group, offered_at=now, expires_at=now + OFFER_VALID_FOR, offered_by=by
    )
    context = {
        "offer": offer,
        "offer_url": offer_url(offer),
        "phone": group.phone,
        "group": group,
    }
    tell(signup, "place-offer", context)
    return offer


def close(offer: PlaceOffer, status: str, by: AbstractUser | None = None) -> None:
    offer.status = status
    offer.closed_at = timezone.now()
    offer.closed_by = by
    offer.save(update_fields=["status", "closed_at", "closed_by"])


@transaction.atomic
def move_waiting_list(group: Group, by: AbstractUser | None = None) -> list[PlaceOffer]:
    """Offers each free place of the group to the next person in line; returns the offers."""
    group = lock_group(group.pk)
    made = []
    while (free_places(group) or 0) > 0:
        person = next_in_line(group)
        if person is None:
            break
        made.append(make_offer(person, group, by))
    return made


@transaction.atomic
def offer_place(signup: SignupRequest, by: AbstractUser) -> tuple[PlaceOffer, PlaceOffer | None]:
    """A coordinator offers the place now to a person they chose, out of turn.

    With no place free, the newest open offer in the group hands its place over (it is
    returned, so the coordinator knows whom to tell). Returns the offer and that one.
    """
    if signup.group_id is None or signup.status not in OFFERABLE:
        raise NoPlace
    group = lock_group(signup.group_id)
    held = signup.offers.open().filter(group=group).first()
    if held is not None:
        return held, None
    replaced = None
    free = free_places(group)
    if free is not None and free <= 0:
        replaced = PlaceOffer.objects.open().filter(group=group).order_by("-offered_at").first()
        if replaced is None:
            raise NoPlace
        close(replaced, Status.CANCELLED, by)
    return make_offer(signup, group, by), replaced


def hold(offer_pk: int) -> PlaceOffer:
    """The offer, locked with its group's row, if it can still be answered (in a transaction)."""
    group_id = PlaceOffer.objects.filter(pk=offer_pk).values_list("group_id", flat=True).first()
    if group_id is not None:
        lock_group(group_id)
    offer = (
        PlaceOffer.objects.select_for_update(of=("self",))
        .select_related("signup", "signup__group", "group")
        .filter(pk=offer_pk)
        .first()
    )
    return check_offer(offer)


@transaction.atomic
def decline_offer(offer_pk: int) -> PlaceOffer:
    """The person said no from the link: the place goes to the next one in line."""
    offer = hold(offer_pk)
    close(offer, Status.DECLINED)
    move_waiting_list(offer.group)
    return offer


def close_open_offers(signup: SignupRequest, status: str, by: AbstractUser | None) -> None:
    """Called when the person's request changes by another way (accepted, not interested)."""
    for offer in signup.offers.open().select_for_update():
        close(offer, status, by)


@transaction.atomic
def cancel_offers(offers: Iterable[PlaceOffer], by: AbstractUser) -> list[PlaceOffer]:
    """A coordinator takes offers back; each place goes to the next one in line."""
    made = []
    for offer in offers:
        lock_group(offer.group_id)
        if not PlaceOffer.objects.open().filter(pk=offer.pk).exists():
            continue
        close(offer, Status.CANCELLED, by)
        made.extend(move_waiting_list(offer.group))
    return made


def lapse_offers() -> str:
    """Closes the offers nobody answered in time and offers their places on (a job).

    Each offer is re-read under its group's lock, so two workers lapse it once.
    """
    now = timezone.now()
    due = list(PlaceOffer.objects.open().filter(expires_at__lte=now).values_list("pk", "group_id"))
    lapsed = 0
    for offer_pk, group_id in due:
        with transaction.atomic():
            group = lock_group(group_id)
            offer = PlaceOffer.objects.open().filter(pk=offer_pk, expires_at__lte=now).first()
            if offer is None:
                continue
            close(offer, Status.LAPSED)
            move_waiting_list(group)
        lapsed += 1
    return f"{lapsed} waiting-list offer(s) lapsed" if lapsed else ""
