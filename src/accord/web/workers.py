"""The worker pool that runs the dashboard's heavy work off the event loop.

Analyses, upload validation and page sections run on a small pool of threads, so the event
loop keeps answering cheap requests (the case list, static files, the case page) while they
run. The pool is bounded: at most ``workers`` jobs run and ``queue`` more wait; a request
finding it full is answered 503 at once. A request waits at most ``timeout`` seconds for its
job, then is answered 503; the job itself goes on and its result is cached, so asking again
later finds it. Concurrent requests for the same job (same key) share one run.

Threads, not processes: the deal scan's compiled kernels, numpy and the simulations release
the GIL for most of their time (measured in ``benchmarks/load_web.py``: cheap pages stay
under a second at the 99th percentile while the worst-case upload is validated and analysed),
and threads share the cache and the cases without copying them.
"""

from __future__ import annotations

import asyncio
import functools
import math
import queue
import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, TypeVar, cast

__all__ = ["PoolBusyError", "PoolLimits", "PoolTimeoutError", "WorkerPool", "retry_after"]

T = TypeVar("T")


@dataclass(frozen=True)
class PoolLimits:
    """Size and time limit of the worker pool.

    Attributes:
        workers: Jobs running at once (threads).
        queue: Jobs waiting for a thread beyond those running; one more is refused (503).
        timeout: Seconds a request waits for its job before it is answered 503.
    """

    workers: int = 2
    queue: int = 8
    timeout: float = 60.0

    def __post_init__(self) -> None:
        """Check the limits are positive."""
        if self.workers < 1 or self.queue < 0 or not self.timeout > 0:
            raise ValueError(f"invalid pool limits: {self}")


def retry_after(timeout: float) -> int:
    """Seconds a client told its analysis outlasted ``timeout`` should wait before asking again.

    Half the time limit, between 1 and 30 s: the job goes on in the background, so asking again
    joins it (or finds its cached result) rather than starting another.
    """
    return max(1, min(30, math.ceil(timeout / 2)))


class PoolBusyError(RuntimeError):
    """Every worker is busy and the queue is full."""


class PoolTimeoutError(RuntimeError):
    """A job took longer than the request may wait (it goes on in the background)."""


def _retrieve(job: asyncio.Future[Any]) -> None:
    if not job.cancelled():
        job.exception()


_Task = tuple[Future[Any], Callable[[], Any]] | None


def _work(tasks: queue.SimpleQueue[_Task]) -> None:
    while (task := tasks.get()) is not None:
        future, fn = task
        if not future.set_running_or_notify_cancel():
            continue
        try:
            future.set_result(fn())
        except BaseException as exc:  # handed to whoever waits on the future
            future.set_exception(exc)


class WorkerPool:
    """A bounded pool of worker threads with one run per key and a per-request time limit.

    The threads are daemons: stopping the server does not wait for an analysis under way.
    """

    def __init__(self, limits: PoolLimits | None = None) -> None:
        self.limits = limits or PoolLimits()
        self._lock = threading.Lock()
        self._jobs: dict[Hashable, Future[object]] = {}
        self._tasks: queue.SimpleQueue[_Task] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=_work, args=(self._tasks,), name=f"accord-worker-{n}", daemon=True)
            for n in range(self.limits.workers)
        ]
        for thread in self._threads:
            thread.start()

    @property
    def pending(self) -> int:
        """Jobs running or waiting."""
        with self._lock:
            return len(self._jobs)

    def submit(self, key: Hashable, fn: Callable[[], T]) -> Future[T]:
        """Start ``fn`` (or join the run already under way for ``key``) and return its future.

        Raises:
            PoolBusyError: When ``workers + queue`` jobs are already running or waiting.
        """
        with self._lock:
            job = self._jobs.get(key)
            if job is None:
                if len(self._jobs) >= self.limits.workers + self.limits.queue:
                    busy = len(self._jobs)
                    raise PoolBusyError(
                        f"the server is busy ({busy} analyses running or waiting); try again shortly"
                    )
                job = Future()
                self._tasks.put((job, fn))
                self._jobs[key] = job
                job.add_done_callback(functools.partial(self._forget, key))
            return cast("Future[T]", job)

    def _forget(self, key: Hashable, _job: Future[object]) -> None:
        with self._lock:
            self._jobs.pop(key, None)

    async def run(self, key: Hashable, fn: Callable[[], T]) -> T:
        """Run ``fn`` on the pool and return its result, waiting at most the time limit.

        Raises:
            PoolBusyError: When the pool is full.
            PoolTimeoutError: When the job outlasts the time limit (it goes on running).
        """
        job = asyncio.wrap_future(self.submit(key, fn))
        job.add_done_callback(_retrieve)  # a caller that gave up leaves no "never retrieved" noise
        try:
            # shield: a request that gives up must not cancel a job others may be waiting on
            return await asyncio.wait_for(asyncio.shield(job), self.limits.timeout)
        except TimeoutError:
            raise PoolTimeoutError(
                f"the analysis took longer than {self.limits.timeout:g} s; it goes on in the background,"
                " try again in a while"
            ) from None

    def shutdown(self) -> None:
        """Stop the threads once the jobs under way and queued are done (without waiting)."""
        for _ in self._threads:
            self._tasks.put(None)
