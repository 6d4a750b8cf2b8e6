"""Pausing Python's cycle collector around large batches."""

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def without_cycle_collection() -> Iterator[None]:
    """The cycle collector paused inside the block, as it was before afterwards.

    A national batch allocates results for tens of thousands of units while millions of other
    objects are alive (inputs, catalog, ORM rows), and every collection those allocations set off
    walks all of them: a quarter of the batch kernel's time, and of a national re-evaluation's.
    Reference counting still frees everything that forms no cycle as soon as it is dropped; any
    cycle made inside the block is collected once the collector resumes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
