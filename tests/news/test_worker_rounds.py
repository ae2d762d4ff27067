"""The worker's rounds: a few tasks, then the due sources again, and pictures after polls, so
a slow picture server cannot hold every poll back. No processes: the round is driven here."""

from __future__ import annotations

import pytest

from meldungen.news.management.commands import worker
from meldungen.tasks import fetch_picture_task, poll_source_task, refresh_related_task


def test_pictures_run_after_polls_and_other_work():
    assert fetch_picture_task.priority < poll_source_task.priority
    assert fetch_picture_task.priority < refresh_related_task.priority


class Slept(Exception):
    pass


def test_a_round_runs_a_few_tasks_then_schedules_again_while_tasks_wait(monkeypatch, settings):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "POLL_ENABLED": True}
    calls: list[object] = []
    waiting = iter([True, True, False])

    def db_worker(name, **options):
        calls.append((name, options["max_tasks"]))

    def sleep(seconds):
        raise Slept

    monkeypatch.setattr(worker, "call_command", db_worker)
    monkeypatch.setattr(worker, "tasks_waiting", lambda: next(waiting))
    monkeypatch.setattr(worker.time, "sleep", sleep)
    monkeypatch.setattr("meldungen.tasks.schedule_due_sources", lambda: calls.append("schedule"))
    monkeypatch.setattr(worker, "close_old_connections", lambda: None)
    with pytest.raises(Slept):  # the worker sleeps only once no task is waiting
        worker.Command().handle(interval=20, once=False)
    batch = ("db_worker", worker.TASKS_PER_ROUND)
    assert calls == ["schedule", batch] * 3


@pytest.mark.django_db
def test_tasks_waiting_reads_the_database_queue():
    assert worker.tasks_waiting() is False
