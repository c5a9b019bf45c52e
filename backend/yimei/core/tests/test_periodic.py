"""The periodic-job registry and the in-process scheduler loop."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from yimei.core import periodic

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Clock:
    def __init__(self, start: datetime.datetime):
        self.now = start

    def __call__(self) -> datetime.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += datetime.timedelta(seconds=seconds)


def test_register_needs_exactly_one_schedule():
    with pytest.raises(ValueError):
        periodic.register_periodic("x", lambda: None)
    with pytest.raises(ValueError):
        periodic.register_periodic("x", lambda: None, every_seconds=5, at=datetime.time(1, 0))
    with pytest.raises(ValueError):
        periodic.register_periodic("x", lambda: None, every_seconds=0)


def test_the_outbox_jobs_are_registered():
    names = {job.name for job in periodic.jobs()}
    assert {"notify.dispatch_due", "notify.recover_expired"} <= names
    assert periodic.get_job("notify.dispatch_due").every_seconds == 10


def test_interval_job_runs_at_start_then_every_n_seconds():
    runs = []
    job = periodic.PeriodicJob("tick", lambda: runs.append(1), every_seconds=10)
    clock = Clock(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI))
    scheduler = periodic.Scheduler([job], clock=clock)
    assert scheduler.run_due() == ["tick"]
    clock.advance(9)
    assert scheduler.run_due() == []
    assert 0.05 <= scheduler.seconds_to_next() <= 1
    clock.advance(1)
    assert scheduler.run_due() == ["tick"]
    assert len(runs) == 2


def test_daily_job_runs_once_a_day_after_its_time():
    runs = []
    job = periodic.PeriodicJob("nightly", lambda: runs.append(1), at=datetime.time(0, 5))
    clock = Clock(datetime.datetime(2026, 12, 1, 0, 0, tzinfo=SHANGHAI))
    scheduler = periodic.Scheduler([job], clock=clock)
    assert scheduler.run_due() == []
    clock.advance(5 * 60)
    assert scheduler.run_due() == ["nightly"]
    clock.advance(3600)
    assert scheduler.run_due() == []
    clock.advance(24 * 3600)
    assert scheduler.run_due() == ["nightly"]
    assert len(runs) == 2


def test_a_failing_job_does_not_stop_the_others(caplog):
    runs = []

    def boom() -> None:
        raise RuntimeError("provider down")

    jobs = [periodic.PeriodicJob("a_boom", boom, every_seconds=1),
            periodic.PeriodicJob("b_fine", lambda: runs.append(1), every_seconds=1)]
    clock = Clock(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI))
    scheduler = periodic.Scheduler(jobs, clock=clock)
    assert scheduler.run_due() == ["a_boom", "b_fine"]
    clock.advance(1)
    assert scheduler.run_due() == ["a_boom", "b_fine"]
    assert runs == [1, 1]
    assert scheduler.failures == {"a_boom": 2}
    assert "periodic job a_boom failed" in caplog.text
