"""The `nightly` deployment: the nightly flow on its schedule, served by `observatory serve`.

The schedule is a cron line read in an explicit time zone (observatory/config.py `Schedule`, default 02:30
Europe/Paris): Prefect keeps the wall-clock time across daylight saving, so the night runs at 02:30 Paris in
winter (01:30 UTC) and in summer (00:30 UTC). On the spring-forward night 02:30 does not exist and the run
starts at 03:30; on the fall-back night it runs once.

The flow's parameters default from the configuration and are shown, and can be changed per run, in the
Prefect UI: `sources` (null: every configured one), `departments`, `window_months` (null: the dbt project's),
`full` (process every record again).
"""

from __future__ import annotations

from typing import Any

from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.schedules import Cron, Schedule

from flows.nightly import nightly
from observatory.config import CrawlSettings
from observatory.config import Schedule as ScheduleSettings


def nightly_schedule(settings: ScheduleSettings | None = None) -> Schedule:
    settings = settings or ScheduleSettings()
    return Cron(settings.cron, timezone=settings.timezone)


def default_parameters() -> dict[str, Any]:
    """The parameters every scheduled night runs with, from the one configuration."""
    return {"sources": None, "departments": list(CrawlSettings().departments), "window_months": None, "full": False}


def nightly_deployment(settings: ScheduleSettings | None = None) -> RunnerDeployment:
    """The deployment `observatory serve` registers. The flow is found by module path (`flows.nightly`), so the
    runner's flow runs import the installed package whatever the working directory."""
    settings = settings or ScheduleSettings()
    return nightly.to_deployment(
        name=settings.deployment,
        schedules=[nightly_schedule(settings)],
        parameters=default_parameters(),
        description=f"The observatory's night: {settings.cron} ({settings.timezone}).",
        tags=["observatory"],
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def serve(settings: ScheduleSettings | None = None) -> None:
    """Register the deployment and run its scheduled nights until interrupted (blocks)."""
    from prefect import serve as serve_deployments

    serve_deployments(nightly_deployment(settings), print_starting_message=False)
