"""Fixtures for the end-to-end tests: a real Celery worker for the integration run.

The integration run (`make test-integration`) sets DATABASE_URL to PostgreSQL and REDIS_URL to
Redis; the worker started here then consumes the tasks the tests queue, against pytest-django's
test database. Without those settings the integration tests skip, unless REQUIRE_INTEGRATION=1
says that skipping would hide a broken set-up: then they fail.
"""

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parent.parent
WORKER_START_SECONDS = 60


def skip_or_fail(reason: str) -> None:
    """Skip with the reason, or fail when REQUIRE_INTEGRATION=1 demands the integration run."""
    if os.environ.get("REQUIRE_INTEGRATION") == "1":
        pytest.fail(f"REQUIRE_INTEGRATION=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def wait_until(
    condition: Callable[[], bool],
    *,
    seconds: float = 30,
    what: str = "",
    explain: Callable[[], str] = lambda: "",
) -> None:
    """Poll the condition every 0.2 s; fail after `seconds`, adding what `explain()` says then."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"Timed out after {seconds} s waiting for {what}\n{explain()}", pytrace=False)


def _database_url(settings_dict: dict) -> str:
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{quote(settings_dict['NAME'], safe='')}"


def _log_tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return "(no log)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


class Worker:
    """A running `celery worker` subprocess and the folder its file-based mail backend writes."""

    def __init__(self, process: subprocess.Popen, hostname: str, mail_dir: Path, log: Path):
        self.process = process
        self.hostname = hostname
        self.mail_dir = mail_dir
        self.log = log

    def mails(self) -> list[str]:
        return [path.read_text(errors="replace") for path in sorted(self.mail_dir.glob("*"))]

    def log_tail(self) -> str:
        return _log_tail(self.log)


def _purge(queue: str) -> None:
    """Tasks left in the test queue by earlier runs would point at rows of another database."""
    from registry.celery import app

    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge(queue)


def _answers(hostname: str) -> bool:
    from registry.celery import app

    replies = app.control.ping(destination=[hostname], timeout=1.0)
    return any(hostname in reply for reply in replies)


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Worker]:
    """A real Celery worker on Redis, writing to the test database and mail into a folder."""
    if not settings.REDIS_URL:
        skip_or_fail("REDIS_URL is not set: the Celery worker tests need Redis.")
    if not settings.USING_POSTGRES:
        skip_or_fail("DATABASE_URL is not PostgreSQL: the Celery worker tests need it.")
    from django.db import connection

    with django_db_blocker.unblock():
        database_url = _database_url(connection.settings_dict)

    folder = tmp_path_factory.mktemp("celery-worker")
    mail_dir = folder / "mail"
    mail_dir.mkdir()
    log = folder / "worker.log"
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    hostname = f"test-{uuid.uuid4().hex[:12]}@localhost"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_QUEUE": queue,
        "CONN_MAX_AGE": "0",  # no idle connection left to block dropping the test database
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "SECRET_KEY": "celery-worker-under-test-" + uuid.uuid4().hex,
        "DEBUG": "0",
    }
    _purge(queue)
    celery = Path(sys.executable).with_name("celery")
    command = [str(celery), "-A", "registry", "worker", "--pool=solo", "--loglevel=info"]
    command += ["-Q", queue, "-n", hostname, "--without-gossip", "--without-mingle"]
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
    worker = Worker(process, hostname, mail_dir, log)
    try:
        deadline = time.monotonic() + WORKER_START_SECONDS
        while not _answers(hostname):
            if process.poll() is not None:
                pytest.fail(f"The Celery worker exited at start:\n{worker.log_tail()}")
            if time.monotonic() > deadline:
                pytest.fail(f"The Celery worker did not answer a ping:\n{worker.log_tail()}")
        yield worker
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
