"""SQLite's writers wait in line: threads and processes, without busy polls."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
import sqlalchemy as sa

from labelcore.models import ApiToken, Task, db
from labelcore.sqlite_writer import WriterQueue

WRITERS = 8
WRITES_EACH = 40


def _counter(app) -> None:
    with app.app_context(), db.engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE counter (id INTEGER PRIMARY KEY)")


def test_threads_writing_at_once_all_get_their_turn(app):
    _counter(app)
    failures: list[BaseException] = []
    barrier = threading.Barrier(WRITERS)

    def write() -> None:
        barrier.wait()
        try:
            with app.app_context():
                for _ in range(WRITES_EACH):
                    with db.engine.begin() as connection:
                        connection.exec_driver_sql("INSERT INTO counter DEFAULT VALUES")
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=write) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    with app.app_context(), db.engine.connect() as connection:
        written = connection.exec_driver_sql("SELECT count(*) FROM counter").scalar()
    assert written == WRITERS * WRITES_EACH


def test_a_thread_writing_twice_at_once_is_refused_at_once(app):
    with app.app_context(), db.engine.begin() as first:
        first.exec_driver_sql("CREATE TABLE scratch (id INTEGER)")
        started = time.monotonic()

        with (
            pytest.raises(sa.exc.OperationalError, match="this thread's other"),
            db.engine.begin() as second,
        ):
            second.exec_driver_sql("INSERT INTO scratch VALUES (1)")

        assert time.monotonic() - started < 1


def test_a_writer_in_another_process_holds_the_turn(app, tmp_path):
    with app.app_context():
        database = db.engine.url.database
    _counter(app)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from labelcore.sqlite_writer import WriterQueue\n"
            "queue = WriterQueue(sys.argv[1])\n"
            "queue.acquire()\n"
            "print('held', flush=True)\n"
            "time.sleep(0.6)\n"
            "queue.release()\n",
            database,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with app.app_context(), db.engine.begin() as connection:
            waited = time.monotonic() - started
            connection.exec_driver_sql("INSERT INTO counter DEFAULT VALUES")
    finally:
        holder.wait(timeout=10)

    assert waited > 0.3


def test_a_lock_file_is_made_beside_the_database_only(tmp_path):
    beside = WriterQueue(str(tmp_path / "labelcore.sqlite3"))
    in_memory = WriterQueue(":memory:")

    beside.acquire()
    beside.release()
    in_memory.acquire()
    in_memory.release()

    assert (tmp_path / "labelcore.sqlite3-writer.lock").exists()
    assert in_memory.path is None


def test_a_refused_write_answers_while_another_writer_holds_the_turn(app, client):
    """Authentication and the permission checks only read: a write they
    refuse answers at once, and an allowed one waits for the turn."""
    project = client.post(
        "/api/projects/",
        json={
            "title": "Waiting",
            "label_config": '<View><Text name="text" value="$text"/></View>',
        },
    ).json
    answers: dict[str, object] = {}

    def ask(name: str, path: str) -> None:
        started = time.monotonic()
        response = client.post(path, json=[{"text": "one"}])
        answers[name] = (response.status_code, time.monotonic() - started)

    with app.app_context(), db.engine.begin() as holding:
        holding.execute(sa.update(ApiToken).values(name=ApiToken.name))
        refused = threading.Thread(
            target=ask, args=("refused", "/api/projects/987654/import")
        )
        allowed = threading.Thread(
            target=ask, args=("allowed", f"/api/projects/{project['id']}/import")
        )
        refused.start()
        allowed.start()
        refused.join(timeout=10)
        time.sleep(0.5)
        still_waiting = allowed.is_alive()

    allowed.join(timeout=10)
    assert answers["refused"][0] == 404
    assert answers["refused"][1] < 2
    assert still_waiting
    assert answers["allowed"][0] == 201
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Task.id))) == 1
