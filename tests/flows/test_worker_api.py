"""Worker processes of a night report to the night's Prefect API instead of each starting a server of its own."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

NIGHT_PROCESS = textwrap.dedent("""
    import json, multiprocessing, os
    from prefect.client.orchestration import get_client

    def in_a_worker(answer):
        from prefect.server.api.server import SubprocessASGIServer
        with get_client(sync_client=True) as client:
            answer.put((str(client.api_url), len(SubprocessASGIServer._instances)))

    def spawn_a_worker():
        spawn = multiprocessing.get_context("spawn")  # what a Dask LocalCluster's nanny does
        answer = spawn.Queue()
        worker = spawn.Process(target=in_a_worker, args=(answer,))
        worker.start()
        worker.join()
        return answer.get(timeout=5)

    if __name__ == "__main__":
        from flows.nightly import workers_report_here
        with get_client(sync_client=True) as client:  # the night's process: its ephemeral server
            night_api = str(client.api_url)
        with workers_report_here():
            url, servers = spawn_a_worker()
        print(json.dumps({"night": night_api, "worker": url, "worker_servers": servers,
                          "left_set": "PREFECT_API_URL" in os.environ}))
""")


def test_without_a_configured_api_workers_use_the_ephemeral_server_of_the_night(tmp_path):
    """Without PREFECT_API_URL the night's process starts an ephemeral server; a worker it spawns meanwhile talks to
    that server and starts none (each would cost a uvicorn process, its imports and migrations: ≈ 17 CPU-s a night)."""
    script = tmp_path / "night.py"
    script.write_text(NIGHT_PROCESS, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | {
        "PREFECT_HOME": str(tmp_path / "prefect"), "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    import json

    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["night"].startswith("http://127.0.0.1:")
    assert seen["worker"] == seen["night"]
    assert seen["worker_servers"] == 0  # the worker started no server of its own
    assert seen["left_set"] is False  # the variable does not outlive the chunks
