"""The nightly deployment as `observatory serve` registers it, on a real (temporary) Prefect server: its
schedule keeps 02:30 Paris time across daylight saving, and its parameters come from the configuration."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from observatory.config import OCCITANIE_DEPARTMENTS, Schedule

PARIS = ZoneInfo("Europe/Paris")


def _scheduled_starts(deployment_id, start: datetime, end: datetime) -> list[datetime]:
    """Ask the server to schedule the deployment's runs between two instants, and read their start times."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

    async def schedule_and_read() -> list[datetime]:
        async with get_client() as client:
            response = await client._client.post(f"/deployments/{deployment_id}/schedule",
                                                 json={"start_time": start.isoformat(), "end_time": end.isoformat(),
                                                       "min_time": (end - start).total_seconds(), "max_runs": 50})
            response.raise_for_status()
            runs = await client.read_flow_runs(deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])))
        return sorted(run.expected_start_time for run in runs if start <= run.expected_start_time <= end)

    return asyncio.run(schedule_and_read())


@pytest.fixture
def deployment_id(prefect_server, monkeypatch: pytest.MonkeyPatch):
    from flows.deployment import nightly_deployment

    monkeypatch.delenv("OBSERVATORY_SCHEDULE_CRON", raising=False)
    monkeypatch.delenv("OBSERVATORY_SCHEDULE_TIMEZONE", raising=False)
    monkeypatch.setenv("OBSERVATORY_DEPLOYMENT_NAME", f"nightly-test-{datetime.now().timestamp():.0f}")
    return nightly_deployment().apply()


def test_the_night_stays_at_half_past_two_in_paris_across_the_spring_change(deployment_id):
    # Daylight saving starts on Sunday 28 March 2027: 02:30 Paris is 01:30 UTC before and 00:30 UTC after.
    starts = _scheduled_starts(deployment_id, datetime(2027, 3, 26, tzinfo=UTC), datetime(2027, 3, 31, 12, tzinfo=UTC))
    assert [s.astimezone(UTC).strftime("%m-%d %H:%M") for s in starts] == [
        "03-26 01:30", "03-27 01:30",
        "03-28 01:30",  # 02:30 does not exist that night: the run starts at 03:30 Paris
        "03-29 00:30", "03-30 00:30", "03-31 00:30",
    ]
    assert [s.astimezone(PARIS).strftime("%H:%M") for s in starts] == ["02:30", "02:30", "03:30", "02:30", "02:30", "02:30"]


def test_the_night_stays_at_half_past_two_in_paris_across_the_autumn_change(deployment_id):
    # Daylight saving ends on Sunday 31 October 2027: 00:30 UTC before, 01:30 UTC after, and one run that night.
    starts = _scheduled_starts(deployment_id, datetime(2027, 10, 29, tzinfo=UTC), datetime(2027, 11, 2, 12, tzinfo=UTC))
    assert [s.astimezone(UTC).strftime("%m-%d %H:%M") for s in starts] == [
        "10-29 00:30", "10-30 00:30", "10-31 00:30", "11-01 01:30", "11-02 01:30"]
    assert {s.astimezone(PARIS).strftime("%H:%M") for s in starts} == {"02:30"}


def test_the_deployment_takes_its_schedule_and_parameters_from_the_configuration(prefect_server, monkeypatch):
    from prefect.client.orchestration import get_client

    from flows.deployment import nightly_deployment

    monkeypatch.setenv("OBSERVATORY_SCHEDULE_CRON", "15 4 * * 1-5")
    monkeypatch.setenv("OBSERVATORY_SCHEDULE_TIMEZONE", "America/Cayenne")
    monkeypatch.setenv("OBSERVATORY_DEPLOYMENT_NAME", "nightly-configured")
    monkeypatch.delenv("OBSERVATORY_DEPARTMENTS", raising=False)
    deployment_id = nightly_deployment().apply()
    with get_client(sync_client=True) as client:
        deployment = client.read_deployment(deployment_id)
    assert Schedule().deployment == deployment.name == "nightly-configured"
    assert deployment.entrypoint == "flows.nightly.nightly"
    (schedule,) = deployment.schedules
    assert (schedule.schedule.cron, schedule.schedule.timezone) == ("15 4 * * 1-5", "America/Cayenne")
    assert deployment.parameters == {"sources": None, "departments": list(OCCITANIE_DEPARTMENTS), "window_months": None,
                                     "full": False}
    assert set(deployment.parameter_openapi_schema["properties"]) >= {"run_date", "sources", "departments", "window_months", "full"}
