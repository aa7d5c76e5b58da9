"""Pause and fault points for crash tests: where a test kills or fails the night on purpose to prove it survives.

`OBSERVATORY_TEST_PAUSE=<point>:<seconds>` makes the run print `paused at <point>` on stderr and sleep there,
inside the stage (the load after its first source, the model build after its first model), so a test can
kill it at that exact moment. `OBSERVATORY_TEST_FAIL=<point>:<times>:<folder>` makes the first <times> passes
at <point> raise `InjectedFault`, in whichever process they happen (a worker process of a Dask cluster too: the
passes are counted by files created in <folder>). Unset, a point costs one dictionary lookup.
"""

from __future__ import annotations

import os
import sys
import time


def pause_point(name: str) -> None:
    setting = os.environ.get("OBSERVATORY_TEST_PAUSE", "")
    point, _, seconds = setting.partition(":")
    if point == name:
        print(f"paused at {name} (OBSERVATORY_TEST_PAUSE)", file=sys.stderr, flush=True)
        time.sleep(float(seconds or 60))


class InjectedFault(RuntimeError):
    """A failure a test asked for (OBSERVATORY_TEST_FAIL)."""


def fault_point(name: str) -> None:
    setting = os.environ.get("OBSERVATORY_TEST_FAIL", "")
    point, _, rest = setting.partition(":")
    if point != name:
        return
    times, _, folder = rest.partition(":")
    for n in range(int(times or 1)):
        try:  # creating the n-th marker is atomic: two processes never take the same failure
            os.close(os.open(os.path.join(folder or ".", f"{name}.{n}"), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            continue
        raise InjectedFault(f"injected fault at {name} ({n + 1} of {times or 1}, OBSERVATORY_TEST_FAIL)")
