"""What the registry search's two engines share: a search is read as a queryset is, by its count
and by slices (Django's Paginator, DRF's pagination)."""

from django.conf import settings


class Pages:
    """Given `count()` (capped at REGISTRY_SEARCH_COUNT_LIMIT) and `page(offset=, limit=)`."""

    def count(self) -> int:
        raise NotImplementedError

    def page(self, *, offset: int, limit: int) -> list:
        raise NotImplementedError

    @property
    def count_is_capped(self) -> bool:
        return self.count() >= settings.REGISTRY_SEARCH_COUNT_LIMIT

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        if stop is None:
            stop = self.count()
        return self.page(offset=start, limit=max(stop - start, 0))
