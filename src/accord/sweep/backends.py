"""Where draws run: inline, in a local process pool, or on a Dask cluster.

Every backend takes chunks of draw indices and yields each chunk's records as soon as it
finishes, in whatever order chunks finish. The context (case, inputs, candidates) ships
once per worker: as the pool initialiser's argument locally, scattered with
``broadcast=True`` on Dask. Closing the generator (or an exception, Ctrl-C included,
while iterating it) cancels the chunks not yet finished and stops the workers; local
pool workers ignore SIGINT so that Ctrl-C is handled once, by the parent.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import logging
import multiprocessing
import signal
import threading
from collections.abc import Generator, Iterator, Sequence
from typing import Any, Literal

from accord.errors import AnalysisError
from accord.sweep.draw import DrawContext, Record, run_chunk

__all__ = ["Backend", "Chunk", "chunked", "run_chunks"]

Backend = Literal["local", "dask"]
"""The backends :func:`run_chunks` knows."""

Chunk = tuple[int, ...]
"""Draw indices computed together by one task."""

_WORKER_CONTEXT: DrawContext | None = None


def chunked(indices: Sequence[int], size: int) -> list[Chunk]:
    """Split draw indices into chunks of at most ``size``."""
    if size < 1:
        raise AnalysisError(f"chunk size must be at least 1 (got {size})")
    return [tuple(indices[k : k + size]) for k in range(0, len(indices), size)]


def _init_worker(ctx: DrawContext) -> None:
    global _WORKER_CONTEXT
    # Ctrl-C reaches every process of the terminal's group: only the parent handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_CONTEXT = ctx


@contextlib.contextmanager
def _children_ignore_sigint() -> Iterator[None]:
    """Ignore SIGINT while worker processes start, so they inherit it ignored from birth.

    Otherwise a Ctrl-C while a worker still imports accord prints its traceback. Only the
    main thread may change signal handlers; elsewhere this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _pool_chunk(chunk: Chunk) -> tuple[Chunk, list[Record]]:
    if _WORKER_CONTEXT is None:  # pragma: no cover - the initialiser always runs first
        raise RuntimeError("worker started without a sweep context")
    return chunk, run_chunk(_WORKER_CONTEXT, chunk)


def _dask_chunk(ctx: DrawContext, chunk: Chunk) -> tuple[Chunk, list[Record]]:
    return chunk, run_chunk(ctx, chunk)


def _inline(ctx: DrawContext, chunks: Sequence[Chunk]) -> Generator[tuple[Chunk, list[Record]], None, None]:
    for chunk in chunks:
        yield chunk, run_chunk(ctx, chunk)


def _pool(
    ctx: DrawContext, chunks: Sequence[Chunk], workers: int
) -> Generator[tuple[Chunk, list[Record]], None, None]:
    pool = cf.ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(ctx,),
    )
    finished = False
    try:
        with _children_ignore_sigint():
            futures = [pool.submit(_pool_chunk, chunk) for chunk in chunks]
        for future in cf.as_completed(futures):
            yield future.result()
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:  # interrupted or failed: stop at once rather than finish the running chunks
            processes = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for proc in processes:
                proc.terminate()
            for proc in processes:
                proc.join()


def _dask_modules() -> tuple[Any, Any]:
    try:
        import distributed
    except ImportError:
        raise AnalysisError(
            "the dask backend needs dask.distributed: pip install 'accord[cluster]'"
        ) from None
    return distributed, distributed.LocalCluster


def _dask(
    ctx: DrawContext, chunks: Sequence[Chunk], workers: int, address: str | None
) -> Generator[tuple[Chunk, list[Record]], None, None]:
    distributed, local_cluster = _dask_modules()
    cluster: Any = None
    try:
        if address is None:
            with _children_ignore_sigint():  # Ctrl-C while the cluster starts waits for it to be up
                cluster = local_cluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,  # no warnings about tasks cancelled by Ctrl-C
                )
            client = distributed.Client(cluster)
        else:
            client = distributed.Client(address, timeout="20s")
    except OSError as exc:
        if cluster is not None:
            cluster.close()
        raise AnalysisError(f"cannot reach the Dask scheduler at {address!r}: {exc}") from None
    futures: list[Any] = []
    try:
        shared = client.scatter(ctx, broadcast=True)
        futures = [client.submit(_dask_chunk, shared, chunk, pure=False) for chunk in chunks]
        for future in distributed.as_completed(futures):
            yield future.result()
    finally:
        if futures:
            client.cancel(futures)
        client.close()
        if cluster is not None:
            cluster.close()


def run_chunks(
    ctx: DrawContext,
    chunks: Sequence[Chunk],
    backend: Backend = "local",
    workers: int = 1,
    address: str | None = None,
) -> Generator[tuple[Chunk, list[Record]], None, None]:
    """Compute chunks of draws and yield ``(chunk, records)`` as each finishes.

    Args:
        ctx: The sweep context.
        chunks: Draw indices, grouped into tasks.
        backend: ``local`` (inline for one worker, else a process pool) or ``dask``.
        workers: Worker processes (local, or a local Dask cluster).
        address: A running Dask scheduler's address (``tcp://host:8786``); ``None`` starts
            a local cluster of ``workers`` processes.

    Returns:
        An iterator of finished chunks; close it to cancel the rest.

    Raises:
        AnalysisError: Unknown backend, fewer than one worker, Dask not installed or not reachable.
    """
    if workers < 1:
        raise AnalysisError(f"workers must be at least 1 (got {workers})")
    if backend == "local":
        if address is not None:
            raise AnalysisError("--address needs --backend dask")
        return _inline(ctx, chunks) if workers == 1 else _pool(ctx, chunks, workers)
    if backend == "dask":
        _dask_modules()  # fail before any work starts when Dask is missing
        return _dask(ctx, chunks, workers, address)
    raise AnalysisError(f"unknown backend {backend!r} (known: local, dask)")
