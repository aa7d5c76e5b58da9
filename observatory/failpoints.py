"""Pause points for crash tests: where a test kills the night on purpose (kill -9) to prove it survives.

`OBSERVATORY_TEST_PAUSE=<point>:<seconds>` makes the run print `paused at <point>` on stderr and sleep there,
inside the stage (the load after its first source, the model build after its first model), so a test can
kill it at that exact moment. Unset, a pause point costs one dictionary lookup.
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
