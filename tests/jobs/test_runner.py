"""Jobs on a real dask.distributed cluster: progress, results, failures, restarts, loopback.

One in-process ``LocalCluster`` serves the module (a runner per test would cost a cluster
start each); the tasks are functions of this module, which the cluster's worker threads
import as the server's would. They wait on events the test sets, so each step of a job is
seen as it happens rather than guessed at with sleeps.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import dask
import pytest
from distributed import LocalCluster
from sqlalchemy import Engine, event

from pcfrules.errors import JobError, Location, StudyError
from pcfrules.jobs import store, tasks
from pcfrules.jobs.catalogue import CatalogueRow, CatalogueRun
from pcfrules.jobs.progress import INTERVAL, Outcome, Progress, run
from pcfrules.jobs.runner import INTERRUPTED, SCHEDULER_VARIABLE, JobRunner
from pcfrules.registry import make_engine, migrate

HALFWAY = threading.Event()  # the stepping task has said it is half-way
GO_ON = threading.Event()  # the test lets it finish
WAIT = 30.0  # seconds a test waits for a job before it fails


def _database(folder: Path) -> str:
    url = f"sqlite:///{folder / 'jobs.db'}"
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JobRunner]:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(SCHEDULER_VARIABLE, raising=False)  # its own cluster, whatever is set
        with JobRunner(_database(tmp_path_factory.mktemp("jobs"))) as started:
            yield started


def _ended(engine: Engine, job_id: int) -> store.JobView:
    """The job once it is done or failed (the test fails after WAIT seconds)."""
    return _until(engine, job_id, lambda view: view.state in ("done", "failed"))


def _until(
    engine: Engine, job_id: int, condition: Callable[[store.JobView], bool]
) -> store.JobView:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        view = store.job(engine, job_id)
        if condition(view):
            return view
        time.sleep(0.02)
    raise AssertionError(f"job {job_id} is still {store.job(engine, job_id)}")


def _dropped(runner: JobRunner, job_id: int) -> bool:
    deadline = time.monotonic() + WAIT
    while job_id in runner.pending() and time.monotonic() < deadline:
        time.sleep(0.02)
    return job_id not in runner.pending()


def stepping(url: str, job_id: int, text: str) -> None:
    """Half-way, wait for the test; then the text as the result."""

    def work(progress: Progress) -> Outcome:
        progress.step(0.5, "一半", "half-way")
        HALFWAY.set()
        assert GO_ON.wait(WAIT)
        return "answer.txt", "text/plain", text.encode()

    run(url, job_id, work)


def refusing(url: str, job_id: int) -> None:
    """Fail as a user's bad input fails: with a pcfrules error."""

    def work(progress: Progress) -> Outcome:
        raise StudyError(zh="数据有误", en="bad data", location=Location(path="activity.x"))

    run(url, job_id, work)


def buggy(url: str, job_id: int) -> None:
    """Fail as a bug fails, with a message that must not reach the person who asked."""

    def work(progress: Progress) -> Outcome:
        return "x", "text/plain", str(1 / len("secret-in-the-message"[:0])).encode()

    run(url, job_id, work)


def test_a_job_runs_from_queued_through_its_progress_to_done(runner: JobRunner) -> None:
    HALFWAY.clear()
    GO_ON.clear()
    job_id = runner.submit("test", stepping, "42", organisation_id=7, subject="probe:1")
    queued = store.job(runner.engine, job_id)
    assert (queued.kind, queued.subject, queued.organisation_id) == ("test", "probe:1", 7)
    assert queued.state in ("queued", "running") and queued.finished is None
    assert HALFWAY.wait(WAIT)
    half = _until(runner.engine, job_id, lambda view: view.progress == 0.5)
    assert (half.state, half.step_zh, half.step_en) == ("running", "一半", "half-way")
    assert half.started is not None and half.finished is None
    with pytest.raises(JobError):
        store.job_result(runner.engine, job_id)
    GO_ON.set()
    done = _ended(runner.engine, job_id)
    assert (done.state, done.progress, done.error_en) == ("done", 1.0, "")
    assert done.started is not None and done.finished is not None
    assert done.created <= done.started <= done.finished
    assert store.job_result(runner.engine, job_id) == ("answer.txt", "text/plain", b"42")
    assert _dropped(runner, job_id)  # the finished future is not kept
    assert [view.id for view in store.jobs_of(runner.engine, 7)] == [job_id]


def test_a_pcfrules_error_fails_the_job_with_its_bilingual_message(runner: JobRunner) -> None:
    job_id = runner.submit("test", refusing)
    failed = _ended(runner.engine, job_id)
    assert failed.state == "failed"
    assert (failed.error_zh, failed.error_en) == ("activity.x: 数据有误", "activity.x: bad data")
    with pytest.raises(JobError) as refused:
        store.job_result(runner.engine, job_id)
    assert "失败" in refused.value.zh and "failed" in refused.value.en


def test_a_bug_fails_the_job_as_an_internal_error_and_is_logged(
    runner: JobRunner, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="pcfrules.jobs.progress"):
        job_id = runner.submit("test", buggy)
        failed = _ended(runner.engine, job_id)
    assert failed.state == "failed"
    assert "internal error (ZeroDivisionError)" in failed.error_en
    assert "内部错误（ZeroDivisionError）" in failed.error_zh
    assert "secret" not in failed.error_en + failed.error_zh  # the message stays in the log
    assert "Traceback" not in failed.error_en
    logged = [r for r in caplog.records if r.exc_info and r.exc_info[0] is ZeroDivisionError]
    assert logged, "the bug's traceback is written to the server's log"


def test_an_unknown_job_is_refused(runner: JobRunner) -> None:
    for ask in (store.job, store.job_result):
        with pytest.raises(JobError) as refused:
            ask(runner.engine, 99_999)
        assert (refused.value.zh, refused.value.en) == ("没有编号为 99999 的任务", "no job 99999")


def test_progress_is_written_at_most_every_interval(runner: JobRunner) -> None:
    job_id = store.create(runner.engine, "test", "", None, None, datetime.now())
    with Progress(runner.url, job_id) as progress:
        writes: list[str] = []
        event.listen(
            progress.engine,
            "before_cursor_execute",
            lambda _c, _cur, statement, *_: writes.append(statement),
        )
        assert progress.start()
        began = time.monotonic()
        for step in range(2000):
            progress.step(step / 2000, "计算", "computing")
        elapsed = time.monotonic() - began
        updates = [s for s in writes if s.lstrip().upper().startswith("UPDATE")]
        assert 2 <= len(updates) <= 2 + elapsed / INTERVAL  # start, then one per interval
        progress.done("r.txt", "text/plain", b"r")
    assert store.job(runner.engine, job_id).progress == 1.0


def test_the_catalogue_task_counts_its_steps_and_returns_its_summary(
    runner: JobRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def fake(out: Path, advance: Callable[[], None]) -> CatalogueRun:
        for _ in range(4):
            advance()
        made = CatalogueRun(registry=out / "registry.db", published=["T/PCFR 1—2026"])
        made.rows.append(CatalogueRow("cement", "1.0.0", {"error": 0}, 9, "1 t", "abc"))
        made.failures["lime"] = StudyError(zh="坏了", en="broken")
        return made

    monkeypatch.setattr(tasks, "run_catalogue", fake)
    monkeypatch.setattr(tasks, "total_steps", lambda: 4)
    job_id = runner.submit("catalogue", tasks.catalogue, str(tmp_path))
    done = _ended(runner.engine, job_id)
    assert done.state == "done", done.error_en
    name, media, data = store.job_result(runner.engine, job_id)
    summary = json.loads(data)
    assert (name, media) == ("catalogue.json", "application/json")
    assert summary["ok"] is False and summary["rows"][0]["rule_id"] == "cement"
    assert summary["failures"] == {"lime": {"zh": "坏了", "en": "broken"}}
    assert summary["registry"] == str(tmp_path / "registry.db")


def test_jobs_left_unfinished_by_a_stopped_server_are_marked_interrupted(tmp_path: Path) -> None:
    url = _database(tmp_path)
    engine = make_engine(url)
    running = store.create(engine, "compute", "", 1, None, datetime(2026, 1, 1))
    store.change(engine, running, {"state": "running"})
    queued = store.create(engine, "report", "", 1, None, datetime(2026, 1, 1))
    finished = store.create(engine, "report", "", 1, None, datetime(2026, 1, 1))
    store.change(engine, finished, {"state": "done"})
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(SCHEDULER_VARIABLE, raising=False)
        JobRunner(url).close()
    for job_id in (running, queued):
        view = store.job(engine, job_id)
        assert (view.state, view.error_zh, view.error_en) == ("failed", *INTERRUPTED)
    assert store.job(engine, finished).state == "done"
    engine.dispose()


def _listeners() -> list[str]:
    """Local addresses (hex, as /proc shows them) of the TCP sockets this process listens on."""
    mine = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            mine.add(target[8:-1])
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in mine:  # 0A: LISTEN
                found.append(fields[1].split(":")[0])
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc")
def test_its_own_cluster_listens_on_the_loopback_address_only(runner: JobRunner) -> None:
    listening = _listeners()
    assert listening, "Dask's HTTP endpoints listen (on loopback)"
    loopback = {"0100007F", "00000000000000000000000001000000", "0000000000000000FFFF00000100007F"}
    assert set(listening) <= loopback, listening
    assert runner.cluster is not None and runner.cluster.scheduler_address.startswith("inproc://")


def test_a_scheduler_address_is_used_and_its_jobs_left_alone(tmp_path: Path) -> None:
    url = _database(tmp_path)
    engine = make_engine(url)
    elsewhere = store.create(engine, "compute", "", 1, None, datetime(2026, 1, 1))
    store.change(engine, elsewhere, {"state": "running"})  # running on the shared cluster
    with (
        LocalCluster(
            processes=False,
            n_workers=1,
            protocol="tcp://",
            host="127.0.0.1",
            dashboard_address=None,
            worker_dashboard_address="127.0.0.1:0",
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        ) as cluster,
        JobRunner(url, cluster.scheduler_address) as remote,
    ):
        assert remote.cluster is None
        job_id = remote.submit("test", refusing)
        assert _ended(engine, job_id).error_en == "activity.x: bad data"
    assert store.job(engine, elsewhere).state == "running"
    engine.dispose()


def test_a_scheduler_that_does_not_answer_is_a_bilingual_error(tmp_path: Path) -> None:
    url = _database(tmp_path)
    with (
        dask.config.set({"distributed.comm.timeouts.connect": "0.5s"}),
        pytest.raises(JobError) as refused,
    ):
        JobRunner(url, "tcp://127.0.0.1:9")
    assert "127.0.0.1:9" in refused.value.en and "调度器" in refused.value.zh
    assert refused.value.location.path == SCHEDULER_VARIABLE
