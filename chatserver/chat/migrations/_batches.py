"""Reading a table a batch at a time, for the migrations that move data into the chat.

(The migration loader skips modules whose name starts with an underscore.)
"""

from collections.abc import Iterator

from django.db.models import Model

BATCH = 1000


def batches(model: type[Model], using: str, size: int | None = None) -> Iterator[list[Model]]:
    """The model's rows in primary-key order, ``size`` (default ``BATCH``) at a time."""
    after = None
    while True:
        rows = model._default_manager.using(using).order_by("pk")
        if after is not None:
            rows = rows.filter(pk__gt=after)
        batch = list(rows[: size or BATCH])
        if not batch:
            return
        yield batch
        after = batch[-1].pk
