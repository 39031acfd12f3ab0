"""Functions the batch pool's tests run in worker processes: a module of their own, so that a
worker imports only this to find them (not the test module, with the command line behind it),
and a deadline of a few seconds is the function's alone."""

from __future__ import annotations

import os
import signal
import time


def next_waiting(item: int) -> bool:
    """Whether the worker's next item is already in its pipe while it runs this one."""
    from reportparse.batch import pool

    assert pool._PARENT is not None
    return pool._PARENT.poll(5.0)


def dies_or_hangs(item: int) -> int:
    """Item 2 crashes its worker, item 5 hangs; the others come back."""
    if item == 2:
        os.kill(os.getpid(), signal.SIGSEGV)
    if item == 5:
        time.sleep(60)
    return item


def dies_on_odd(item: int) -> int:
    """Odd items crash their worker at once, even ones come back at once: the worker dies
    right after sending a result, often before the parent has read it."""
    if item % 2:
        os.kill(os.getpid(), signal.SIGSEGV)
    return item
