"""Worker processes that a hung or crashing file cannot take down.

Contract: ``Pool(fn, jobs=…, timeout=…, recycle_after=…).imap_unordered(items)`` yields
``(item, Outcome)`` once for every item, in the order they finish. ``fn`` (a module-level
function) runs in worker processes, one item at a time, each worker fed through its own pipe so
the parent always knows which item a worker holds. A worker also holds its next item
(``QUEUED``), waiting in its pipe, so that it starts it as soon as it sends a result instead of
waiting for the parent to wake and answer. The parent keeps a deadline per item, from the
moment it sees the worker start it:

- ``fn`` returned: ``Outcome.value``;
- ``fn`` raised: ``Outcome.failure`` ``"internal error (Type: message)"``, kind ``raised``;
- the deadline passed: the worker is killed (SIGKILL) and replaced, kind ``timeout``;
- the worker died (a crash inside a native library): it is replaced, kind ``crashed``.

The item a killed or dead worker held next was not started: it is handed to another worker.

Workers start from a 'forkserver' that imported ``preload`` once (so a replacement starts warm
in milliseconds), or with 'spawn' where there is no forkserver; each runs ``initializer`` first.
``prestart(preload)`` starts the forkserver ahead of the pool, so that it loads while the
caller still imports and walks its inputs.
A worker is retired after ``recycle_after`` items so memory stays flat. Workers ignore SIGINT,
so Ctrl-C reaches only the parent; leaving the iterator (exhausted, ``break``, an exception)
ends every worker.

A worker started by 'forkserver' or 'spawn' first runs the script that started the parent
again, as ``__mp_main__``: a script that makes a ``Pool`` at its top level, without the
``if __name__ == "__main__":`` guard, would make every worker start a pool of its own and die.
``Pool()`` sees that before any worker starts (``check_main_guard``) and raises one
``UnguardedMainError`` that says where and what to write.
"""

from __future__ import annotations

import ast
import contextlib
import multiprocessing as mp
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any, Generic, TypeVar

from ..errors import display_path

T = TypeVar("T")
R = TypeVar("R")

#: what a worker is sent to make it exit
_STOP = None
#: the end of the items
_END: Any = object()
#: a retired worker that has not exited after this long is killed
_EXIT_GRACE = 5.0
#: items a worker holds beyond the one it runs: its next one waits in its pipe
QUEUED = 1


class FailureKind(str, Enum):
    """Why an item gave no value."""

    RAISED = "raised"
    TIMEOUT = "timeout"
    CRASHED = "crashed"


@dataclass(frozen=True)
class Outcome(Generic[R]):
    """What became of one item: its value, or why there is none."""

    value: R | None = None
    failure: str | None = None
    kind: FailureKind | None = None
    seconds: float = 0.0


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class UnguardedMainError(RuntimeError):
    """Worker processes started from the top level of a script without the ``__main__``
    guard: each would run the script again and die (a programming error, as Python's own
    ``RuntimeError`` for it, not a bad input)."""

    def __init__(self, script: str | Path, line: int) -> None:
        self.script, self.line = str(script), line
        super().__init__(
            f"{display_path(script)}, line {line}: starts worker processes from the top level "
            'of the script; put that code under `if __name__ == "__main__":` (each worker '
            "process runs the script again before it starts, and would start workers of its own)"
        )


def _reruns_main(main: ModuleType) -> bool:
    """True when a spawned worker runs the ``__main__`` module again (multiprocessing.spawn:
    a script, or ``python -m module``; never a package's ``__main__.py``, ``-c`` or a REPL)."""
    name = getattr(getattr(main, "__spec__", None), "name", None)
    if name is not None:
        return name != "__main__" and not name.endswith(".__main__")
    path = getattr(main, "__file__", None)
    return path is not None and Path(path).stem != "ipython"


def _guarded_lines(source: str) -> list[range]:
    r"""The lines of the ``if __name__ == "__main__":`` blocks of a module's source.

    >>> _guarded_lines("import x\nif __name__ == '__main__':\n    x.run()\n")
    [range(2, 4)]
    """
    found = []
    for node in ast.parse(source).body:
        if not isinstance(node, ast.If):
            continue
        names = {n.id for n in ast.walk(node.test) if isinstance(n, ast.Name)}
        texts = {n.value for n in ast.walk(node.test) if isinstance(n, ast.Constant)}
        if "__name__" in names and "__main__" in texts:
            found.append(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return found


def _main_frame(main: ModuleType) -> FrameType | None:
    """The frame running the top level of ``main``, if it is on this thread's stack."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "<module>" and frame.f_globals is vars(main):
            return frame
        frame = frame.f_back
    return None


def check_main_guard(method: str) -> None:
    """Raise ``UnguardedMainError`` when workers started with ``method`` would run the script
    that is starting them again at its top level (outside an ``if __name__ == "__main__":``
    block); nothing when the script cannot be read."""
    main = sys.modules.get("__main__")
    if method == "fork" or main is None or not _reruns_main(main):
        return
    frame = _main_frame(main)
    if frame is None:  # called from a thread, or after the script's top level ended
        return
    path = Path(frame.f_code.co_filename)
    try:
        guarded = _guarded_lines(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return
    if not any(frame.f_lineno in lines for lines in guarded):
        raise UnguardedMainError(path, frame.f_lineno)


def cap_jobs(jobs: int | None) -> tuple[int, str]:
    """``jobs`` capped at the CPUs (more workers than CPUs only take turns, with each one's
    memory), and the note that says so ("" when not capped).

    >>> cap_jobs(1)
    (1, '')
    """
    cpus = default_jobs()
    if jobs is None:
        return cpus, ""
    if jobs <= cpus:
        return jobs, ""
    return cpus, f"--jobs {jobs} is more than the {cpus} CPUs this process may use: using {cpus}"


def describe_exit(exitcode: int | None) -> str:
    """Say how a worker process ended.

    >>> describe_exit(-11)
    'worker crashed (signal 11, SIGSEGV)'
    >>> describe_exit(3)
    'worker exited with status 3'
    """
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = "unknown"
        return f"worker crashed (signal {-exitcode}, {name})"
    return f"worker exited with status {exitcode}"


@dataclass(frozen=True)
class _More:
    """A worker's word that its item needs ``seconds`` more before its deadline."""

    seconds: float


#: the pipe of this process to its parent, when it is a worker (``more_time`` writes to it)
_PARENT: Connection | None = None


def more_time(seconds: float) -> None:
    """In a worker: give the item it holds ``seconds`` more before the parent's deadline (a
    file that turns out to need OCR, page by page). Elsewhere nothing."""
    if _PARENT is not None:
        with contextlib.suppress(OSError):
            _PARENT.send(_More(seconds))


def _serve(fn: Callable[[Any], Any], conn: Connection, initializer: Callable[[], None] | None):
    """The loop of a worker process: receive an item, send back (True, value) or (False, why)."""
    global _PARENT
    _PARENT = conn
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer()
    while True:
        try:
            item = conn.recv()
        except EOFError:
            return
        if item is _STOP:
            return
        try:
            reply = (True, fn(item))
        except Exception as exc:
            reply = (False, f"internal error ({type(exc).__name__}: {exc})")
        try:
            conn.send(reply)
        except OSError:  # the parent is gone (killed): nobody to answer
            return
        except Exception as exc:  # an unpicklable value
            conn.send((False, f"internal error (result not sendable: {exc})"))


#: the outcomes that end their worker (killed at the deadline, or dead): what it held next
#: never started. Any other outcome leaves it running its next item, even if it died right
#: after sending it: that death is that item's outcome, read on the next wait
_ENDS_WORKER = frozenset({FailureKind.TIMEOUT, FailureKind.CRASHED})


class _Worker:
    """One worker process, its pipe, the item it runs and the items sent to it after that."""

    def __init__(self, ctx: BaseContext, fn: Callable[[Any], Any], initializer: Any) -> None:
        self.conn, child = ctx.Pipe()
        self.process: BaseProcess = ctx.Process(  # type: ignore[attr-defined]
            target=_serve, args=(fn, child, initializer), daemon=True
        )
        self.process.start()
        child.close()
        #: the items sent, in order: the first is running, the others wait in the pipe
        self.items: deque[Any] = deque()
        self.started = self.deadline = self.extra = 0.0
        #: items answered, and items sent
        self.served = self.sent = 0
        #: its pipe broke when an item was queued: it died, and takes no more
        self.broken = False

    @property
    def item(self) -> Any:
        """The item it runs."""
        return self.items[0]

    def assign(self, item: Any, timeout: float | None) -> bool:
        """Send ``item``: it runs at once if the worker holds nothing, else after the others.
        False when it was to wait behind another and the pipe is broken (the worker died
        meanwhile: ``collect`` says so); the item was not sent."""
        queued = bool(self.items)
        try:
            self.conn.send(item)
        except OSError:
            if not queued:
                raise
            self.broken = True
            return False
        if not queued:
            self._start(time.monotonic(), timeout)
        self.items.append(item)
        self.sent += 1
        return True

    def _start(self, now: float, timeout: float | None) -> None:
        # the deadline of the item that starts now
        self.extra = 0.0
        self.started = now
        self.deadline = now + timeout if timeout else float("inf")

    def unstarted(self) -> list[Any]:
        """The items sent after the running one, taken back (they never started)."""
        running = self.items.popleft()
        waiting = list(self.items)
        self.items = deque([running])
        return waiting

    def collect(self, now: float, timeout: float | None) -> Outcome[Any] | None:
        """The outcome of the item it runs, or None while it is still running. After an
        outcome ``item`` is the next one sent, which the worker started meanwhile."""
        outcome = self._outcome(now, timeout)
        if outcome is not None and outcome.kind not in _ENDS_WORKER:
            self.items.popleft()
            if self.items:
                self._start(now, timeout)
        return outcome

    def _outcome(self, now: float, timeout: float | None) -> Outcome[Any] | None:
        seconds = now - self.started
        while self.conn.poll():
            try:
                message = self.conn.recv()
            except (EOFError, OSError):
                return self._died(seconds)
            if isinstance(message, _More):
                self.deadline += message.seconds
                self.extra += message.seconds
                continue
            ok, payload = message
            self.served += 1
            if ok:
                return Outcome(value=payload, seconds=seconds)
            return Outcome(failure=payload, kind=FailureKind.RAISED, seconds=seconds)
        if not self.process.is_alive():
            return self._died(seconds)
        if now >= self.deadline:
            self.kill()
            more = f" and {self.extra:g} s for its OCR pages" if self.extra else ""
            return Outcome(
                failure=f"timed out after {timeout:g} s{more} (worker killed)",
                kind=FailureKind.TIMEOUT,
                seconds=seconds,
            )
        return None

    def _died(self, seconds: float) -> Outcome[Any]:
        self.process.join(_EXIT_GRACE)
        return Outcome(
            failure=describe_exit(self.process.exitcode), kind=FailureKind.CRASHED, seconds=seconds
        )

    @property
    def usable(self) -> bool:
        return self.process.is_alive() and not self.conn.closed

    def retire(self) -> None:
        """Ask the worker to exit after the items it holds; it is joined in ``reap``."""
        with contextlib.suppress(OSError):  # it died meanwhile
            self.conn.send(_STOP)
        self.conn.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()

    def reap(self, grace: float = 0.0) -> bool:
        """Join a retired worker; True once it is gone (killed after ``grace`` seconds)."""
        self.process.join(grace)
        if self.process.is_alive() and grace:
            self.process.kill()
            self.process.join()
        return not self.process.is_alive()


def prestart(preload: Sequence[str]) -> None:
    """Start the forkserver now, loading ``preload``, while the caller does other work (imports,
    walking a tree): the first worker then starts as soon as it is asked for. Nothing to do
    where there is no forkserver."""
    if "forkserver" in mp.get_all_start_methods():
        from multiprocessing import forkserver

        _context(preload)
        forkserver.ensure_running()


def _context(preload: Sequence[str]) -> BaseContext:
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        if preload:
            # process-wide, heeded only before the forkserver starts: at worst workers start cold
            ctx.set_forkserver_preload(list(preload))
        return ctx
    return mp.get_context("spawn")


class Pool(Generic[T, R]):
    """Supervised worker processes running ``fn`` over items, with a deadline per item."""

    def __init__(
        self,
        fn: Callable[[T], R],
        *,
        jobs: int | None = None,
        timeout: float | None = 60.0,
        recycle_after: int | None = 500,
        preload: Sequence[str] = (),
        initializer: Callable[[], None] | None = None,
    ) -> None:
        if jobs is not None and jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {jobs}")
        self.fn = fn
        self.jobs = jobs or default_jobs()
        self.timeout = timeout or None
        self.recycle_after = recycle_after or None
        self.initializer = initializer
        self.ctx = _context(preload)
        check_main_guard(self.ctx.get_start_method())
        self._retired: list[_Worker] = []

    def imap_unordered(self, items: Iterable[T]) -> Iterator[tuple[T, Outcome[R]]]:
        """Run ``fn`` over ``items``; yield each item with its outcome as it finishes."""
        todo = iter(items)
        #: items a killed or dead worker held unstarted: handed out before the others
        again: deque[T] = deque()
        idle: list[_Worker] = []
        busy: list[_Worker] = []
        more = True

        def take() -> Any:
            nonlocal more
            if again:
                return again.popleft()
            item = next(todo, _END) if more else _END
            more = item is not _END
            return item

        def worker_for_more() -> _Worker | None:
            # an idle or new worker first; then one whose pipe has room (and that is not due
            # to retire before it would reach the item)
            if idle or len(busy) < self.jobs:
                return None
            for worker in busy:
                room = len(worker.items) <= QUEUED and not worker.broken
                if room and not (self.recycle_after and worker.sent >= self.recycle_after):
                    return worker
            return None

        def fill() -> None:
            while True:
                target = worker_for_more()
                if target is None and not (idle or len(busy) < self.jobs):
                    return
                item = take()
                if item is _END:
                    return
                if target is None:
                    target = idle.pop() if idle else _Worker(self.ctx, self.fn, self.initializer)
                    busy.append(target)
                if not target.assign(item, self.timeout):
                    again.appendleft(item)  # its worker died: another takes it

        try:
            while True:
                fill()
                if not busy:
                    return
                self._wait(busy)
                now = time.monotonic()
                done = []
                for worker in list(busy):
                    item = worker.item
                    outcome = worker.collect(now, self.timeout)
                    if outcome is None:
                        continue
                    done.append((item, outcome))
                    if outcome.kind in _ENDS_WORKER:
                        again.extend(worker.unstarted())
                    elif worker.items:
                        continue  # it runs its next item
                    busy.remove(worker)
                    self._release(worker, idle)
                # the workers get their next items before the caller handles these outcomes
                # (writes a manifest line, draws progress): they do not wait for it
                fill()
                yield from done
        finally:
            for worker in busy:
                worker.kill()
            for worker in idle:
                worker.retire()
                self._retired.append(worker)
            self._retired = [w for w in self._retired if not w.reap(_EXIT_GRACE)]

    def _wait(self, busy: list[_Worker]) -> None:
        deadline = min(w.deadline for w in busy)
        timeout = max(0.0, deadline - time.monotonic()) if deadline != float("inf") else None
        wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout)
        self._retired = [w for w in self._retired if not w.reap()]

    def _release(self, worker: _Worker, idle: list[_Worker]) -> None:
        """Put a worker that finished an item back to work, or retire it."""
        if not worker.usable:
            worker.kill()
        elif self.recycle_after and worker.served >= self.recycle_after:
            worker.retire()
            self._retired.append(worker)
        else:
            idle.append(worker)
