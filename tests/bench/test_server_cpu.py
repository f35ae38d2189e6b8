"""The page walk reads the database server's CPU time where it can (bench/server_cpu.py):
a local PostgreSQL backend's, from /proc; on SQLite or a remote server it reads none and
says so, so the walk's figures are the client's only."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import server_cpu  # bench/ is not a package: found through the path above


def test_a_processs_cpu_seconds_are_read_from_proc():
    if not Path(f"/proc/{os.getpid()}/stat").exists():
        pytest.skip("no /proc on this system")
    first = server_cpu._cpu_seconds(os.getpid())
    sum(range(200_000))  # some work on the CPU
    second = server_cpu._cpu_seconds(os.getpid())
    assert first is not None
    assert second is not None
    assert 0 < first <= second


def test_without_scheduler_statistics_the_ticks_in_stat_are_read(monkeypatch):
    if not Path(f"/proc/{os.getpid()}/stat").exists():
        pytest.skip("no /proc on this system")
    monkeypatch.setattr(server_cpu, "_schedstat", lambda pid: None)
    seconds = server_cpu._cpu_seconds(os.getpid())
    assert seconds is not None
    assert seconds == pytest.approx(sum(os.times()[:2]), abs=0.05)


def test_a_pid_that_is_no_local_postgres_process_is_not_read():
    assert not server_cpu._is_postgres(os.getpid())
    assert server_cpu._cpu_seconds(2**22 + 1) is None  # above Linux's largest pid


@pytest.mark.django_db
def test_the_clock_reads_nothing_where_the_database_works_in_this_process():
    from django.db import connection

    clock = server_cpu.ServerClock()
    if connection.vendor == "postgresql":
        # The suite on a local PostgreSQL: its backend is read.
        assert clock.source.startswith("PostgreSQL backend's CPU")
        reading = clock.read()
        assert reading is not None
        with connection.cursor() as cursor:  # a worker's CPU could not be read
            cursor.execute("SHOW max_parallel_workers_per_gather")
            assert cursor.fetchone()[0] == "0"
        assert clock.since(reading) is not None
    else:
        assert clock.source.startswith(f"none: {connection.vendor}")
        assert clock.read() is None
        assert clock.since(None) is None
