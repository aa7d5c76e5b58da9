"""The night's local worker processes, started while the crawl still runs.

A Dask worker is ready for chunks only once it has started, imported spaCy, Great Expectations and the
transforms, and loaded the pipeline: ≈ 8 CPU-s each, measured with py-spy on a 1M warehouse's night of 10,000 new
postings, where the transform stage waited for it. The crawl mostly waits on the network: the workers start
meanwhile, as soon as the landed records are enough for a parallel night (`Parallelism.min_parallel_records`),
in a thread of the night's process, and the chunks are sent to them through Prefect's DaskTaskRunner at the
cluster's address. If they cannot start, the night says so and processes its chunks in its own process.
"""

from __future__ import annotations

import os
import threading

from distributed import Client, LocalCluster

from flows.chunks import shared_extractor
from flows.summary import one_line


def warm_up() -> str:
    """Run on each worker: load what every chunk needs (the imports came with this function's module)."""
    shared_extractor()
    return str(os.getpid())


class WarmWorkers:
    """A LocalCluster of `workers` single-threaded processes, started in the background by `start()`. Workers not
    ready within `start_timeout_s` count as failed to start (a stuck start never holds the night)."""

    def __init__(self, workers: int, start_timeout_s: float = 600) -> None:
        self.workers = workers
        self.start_timeout_s = start_timeout_s
        self.cluster: LocalCluster | None = None
        self.error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._closed = False

    @property
    def started(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        if self._thread is None:
            os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")  # the workers' chatter stays out of the output
            self._thread = threading.Thread(target=self._start, name="warm-workers", daemon=True)
            self._thread.start()

    def _start(self) -> None:
        try:
            cluster = LocalCluster(n_workers=self.workers, processes=True, threads_per_worker=1, dashboard_address=None)
            with self._lock:
                if self._closed:  # the night stopped waiting for them
                    cluster.close()
                    return
                self.cluster = cluster
            with Client(cluster) as client:
                client.run(warm_up)
        except BaseException as error:  # noqa: BLE001 - reported by address(); the night goes on without workers
            self.error = error

    def address(self) -> str | None:
        """The scheduler's address once every worker is warm, or None if they could not start (see `error`)."""
        if self._thread is None:
            return None
        self._thread.join(self.start_timeout_s)
        if self._thread.is_alive() and self.error is None:
            self.error = TimeoutError(f"the workers were not ready after {self.start_timeout_s:.0f} s")
        if self.error is not None or self.cluster is None:
            return None
        return self.cluster.scheduler_address

    def close(self) -> str | None:
        """Stop the workers, without waiting for a start still under way (it closes its cluster itself once it
        has one); a failure to stop them is returned as one line, never raised (the night's chunks are done by then)."""
        with self._lock:
            self._closed = True
            cluster, self.cluster = self.cluster, None
        if cluster is None:
            return None
        try:
            cluster.close()
        except Exception as error:  # noqa: BLE001 - reported by the caller; the processes die with the night's
            return one_line(error)
        return None
