"""The night's worker processes start in the background, while the crawl runs, and are ready when the chunks come."""

from __future__ import annotations

import os
from datetime import datetime

from distributed import Client

from flows.nightly import _start_when_parallel, likely_new
from flows.warm_workers import WarmWorkers
from observatory.config import Parallelism
from observatory.listing import Listing


def _pipeline_loaded() -> bool:
    from flows.chunks import shared_extractor

    return shared_extractor.cache_info().currsize == 1


def test_workers_started_in_the_background_have_the_pipeline_loaded_when_asked_for():
    warm = WarmWorkers(2)
    assert not warm.started and warm.address() is None  # nothing runs until a night asks for it

    warm.start()
    warm.start()  # the crawl asks every second: started once
    address = warm.address()  # waits for the workers to be ready

    try:
        assert address and address.startswith("tcp://127.0.0.1:")
        with Client(address) as client:
            loaded = client.run(_pipeline_loaded)
            pids = client.run(os.getpid)
        assert len(loaded) == 2 and all(loaded.values())  # two worker processes, each with spaCy and the taxonomy
        assert str(os.getpid()) not in {str(pid) for pid in pids.values()}
    finally:
        warm.close()
    assert warm.cluster is None


def test_the_crawl_starts_the_workers_once_it_has_landed_enough_records_for_a_parallel_night():
    warm = WarmWorkers(2)
    on_landed = _start_when_parallel(warm, Parallelism(min_parallel_records=5000))
    try:
        on_landed(4999)
        assert not warm.started
        on_landed(5000)
        assert warm.started
    finally:
        warm.close()
    assert _start_when_parallel(None, Parallelism()) is None  # a remote cluster or one worker: nothing to start


def test_only_sources_listing_mostly_new_records_count_toward_starting_the_workers():
    """A complete listing of a source already held is mostly unchanged records: workers for it would be wasted."""
    listings = {"france_travail": Listing(), "rncp": Listing(nothing_held=True),
                "company_careers": Listing(created_since=datetime(2026, 11, 29))}
    assert likely_new(listings) == {"rncp", "company_careers"}


def test_workers_not_ready_in_time_count_as_not_started_and_are_stopped_when_they_come():
    warm = WarmWorkers(2, start_timeout_s=0.05)
    warm.start()
    assert warm.address() is None and isinstance(warm.error, TimeoutError)  # the chunks then run in the night's process
    assert warm.close() is None
    warm._thread.join()  # the start goes on in its thread, and closes the cluster it made once it sees the night stopped
    assert warm.cluster is None
