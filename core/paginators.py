"""Pages of a list whose matches are counted only up to a cap."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most `cap` + 1 rows, so a broad search costs the same at any size: the
    database stops there. Totals and pages stop at `cap`; `capped` says there were more,
    and the page says "più di" (the press archive, the admin's searches)."""

    def __init__(self, object_list, per_page: int, cap: int, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def counted(self) -> int:
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.counted > self.cap

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)
