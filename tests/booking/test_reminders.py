"""Reminders: one email per visit, a lead before it, never for a stale time, never twice.

The last tests run real `manage.py db_worker` processes on the test database, kill them
with SIGKILL and start them again; their mail is written to files, so every message that
left a worker is counted.
"""

from __future__ import annotations

import datetime as dt
import email
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from easeplan.booking import reminders
from easeplan.booking.models import Appointment, Reminder

from ..conftest import World
from ..factories import AppointmentFactory, ClientFactory

ROOT = Path(__file__).resolve().parents[2]
LONDON = ZoneInfo("Europe/London")
MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
NOW = dt.datetime(2026, 3, 2, 8, tzinfo=LONDON)  # Monday 2 March 2026, 08:00 in London (GMT)
READY, RUNNING = TaskResultStatus.READY, TaskResultStatus.RUNNING


@pytest.fixture(autouse=True)
def database_tasks(settings) -> None:  # type: ignore[no-untyped-def]
    """Tasks go through django-tasks-db as in production (conftest runs them at once)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def visit_at(world: World, starts_at: dt.datetime, **kwargs: Any) -> Appointment:
    kwargs.setdefault("client", world.client)
    return AppointmentFactory(
        practice=world.practice,
        therapist=world.therapist,
        service=world.practice.services.get(),
        starts_at=starts_at,
        **kwargs,
    )


def pending(appointment: Appointment) -> list[Reminder]:
    return list(appointment.reminders.filter(sent_at__isnull=True, voided_at__isnull=True))


def run_task_at(when: dt.datetime, reminder: Reminder) -> None:
    with time_machine.travel(when, tick=False):
        reminders.send_reminder.call(reminder.pk)


def move(appointment: Appointment, by: dt.timedelta) -> None:
    appointment.starts_at += by
    appointment.ends_at += by
    appointment.blocked_until += by
    appointment.save(update_fields=["starts_at", "ends_at", "blocked_until"])


# ---- planning ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_default_lead_is_24_hours(world: World) -> None:
    assert world.practice.reminder_hours_before == 24
    appointment = visit_at(world, NOW + 3 * DAY)
    reminder = reminders.schedule(appointment, now=NOW)
    assert reminder is not None
    assert reminder.due_at == appointment.starts_at - 24 * HOUR


@pytest.mark.django_db
@pytest.mark.parametrize("hours", [24, 2, 48])
def test_scheduling_plans_one_reminder_the_lead_before_and_queues_it_after_commit(
    world: World, hours: int, django_capture_on_commit_callbacks
) -> None:
    world.practice.reminder_hours_before = hours
    world.practice.save(update_fields=["reminder_hours_before"])
    appointment = visit_at(world, NOW + 3 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        reminder = reminders.schedule(appointment, now=NOW)
        assert not DBTaskResult.objects.exists()  # nothing is queued before the commit
    assert reminder is not None
    assert pending(appointment) == [reminder]
    assert reminder.due_at == appointment.starts_at - hours * HOUR
    assert reminder.for_start == appointment.starts_at
    (job,) = DBTaskResult.objects.all()
    assert job.task_path == reminders.send_reminder.module_path
    assert job.args_kwargs == {"args": [reminder.pk], "kwargs": {}}
    assert job.run_after == reminder.due_at
    assert job.status == READY


@pytest.mark.django_db
@pytest.mark.parametrize("notice", [HOUR, 23 * HOUR, 24 * HOUR])
def test_a_visit_booked_at_shorter_notice_than_the_lead_gets_no_reminder(
    world: World, notice: dt.timedelta, django_capture_on_commit_callbacks
) -> None:
    appointment = visit_at(world, NOW + notice)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.schedule(appointment, now=NOW) is None
    assert not Reminder.objects.exists()
    assert not DBTaskResult.objects.exists()


def london(*when: int) -> dt.datetime:
    return dt.datetime(*when, tzinfo=LONDON)


def utc(*when: int) -> dt.datetime:
    return dt.datetime(*when, tzinfo=dt.UTC)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("starts", "hours", "due"),
    [
        # Clocks go forward at 01:00 UTC on Sunday 29 March 2026. A Monday 09:00 BST visit
        # (08:00 UTC) is reminded at 08:00 UTC on Sunday, which is 09:00 BST...
        (london(2026, 3, 30, 9), 24, utc(2026, 3, 29, 8)),
        # ...and 48 hours before it is Saturday 08:00 GMT, not the wall clock's 09:00.
        (london(2026, 3, 30, 9), 48, utc(2026, 3, 28, 8)),
        # Sunday 10:00 BST (09:00 UTC), across the change: Saturday 09:00 GMT, not 10:00.
        (london(2026, 3, 29, 10), 24, utc(2026, 3, 28, 9)),
        # Clocks go back at 01:00 UTC on Sunday 25 October 2026. Sunday 10:00 GMT: Saturday
        # 11:00 BST; Monday 09:00 GMT, 48 hours before: Saturday 10:00 BST.
        (london(2026, 10, 25, 10), 24, utc(2026, 10, 24, 10)),
        (london(2026, 10, 26, 9), 48, utc(2026, 10, 24, 9)),
    ],
)
def test_the_reminder_falls_due_the_lead_in_elapsed_hours_before_the_visit_across_clock_changes(
    world: World, starts: dt.datetime, hours: int, due: dt.datetime
) -> None:
    world.practice.reminder_hours_before = hours
    world.practice.save(update_fields=["reminder_hours_before"])
    appointment = visit_at(world, starts)
    reminder = reminders.schedule(appointment, now=starts - 10 * DAY)
    assert reminder is not None
    assert reminder.due_at == due
    assert (appointment.starts_at - reminder.due_at).total_seconds() == hours * 3600


# ---- sending ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_running_the_task_twice_sends_one_email_and_marks_it_sent_once(world: World) -> None:
    appointment = visit_at(world, NOW + 3 * DAY)
    reminder = reminders.schedule(appointment, now=NOW)
    assert reminder is not None
    run_task_at(reminder.due_at, reminder)
    run_task_at(reminder.due_at + HOUR, reminder)
    (message,) = mail.outbox
    assert message.to == [world.client.email]
    assert message.reply_to == [world.practice.email]
    reminder.refresh_from_db()
    assert reminder.sent_at == reminder.due_at  # the first run's; the second changed nothing
    assert reminder.voided_at is None


@pytest.fixture
def worker_here() -> Iterator[Callable[[], None]]:
    """`db_worker --batch` in this process; it sets signal handlers, which are put back."""
    names = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    handlers = {name: signal.getsignal(name) for name in names}
    yield lambda: call_command(
        "db_worker", batch=True, startup_delay=False, reload=False, skip_checks=True
    )
    for name, handler in handlers.items():
        signal.signal(name, handler)


def due_reminder(world: World, *, client: Any = None, starts_in: dt.timedelta = HOUR) -> Reminder:
    """A reminder that fell due hours ago, for a visit still ahead, queued in real time
    (worker processes can't be time-travelled)."""
    now = timezone.now().replace(microsecond=0)
    appointment = visit_at(world, now + starts_in, client=client or world.client)
    reminder = reminders.schedule(appointment, now=now - 2 * DAY)
    assert reminder is not None and reminder.due_at < now
    return reminder


@pytest.mark.django_db(transaction=True)
def test_a_reminder_queued_twice_is_sent_once(world: World, worker_here) -> None:
    reminder = due_reminder(world)
    reminders.send_reminder.using(run_after=reminder.due_at).enqueue(reminder.pk)
    assert DBTaskResult.objects.filter(status=READY).count() == 2
    worker_here()
    assert [m.to for m in mail.outbox] == [[world.client.email]]
    statuses = set(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == {TaskResultStatus.SUCCESSFUL}
    reminder.refresh_from_db()
    assert reminder.sent_at is not None


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.django_db
def test_a_reminder_the_mail_server_refused_stays_pending_and_goes_out_next_time(
    world: World, settings
) -> None:
    appointment = visit_at(world, NOW + 3 * DAY)
    reminder = reminders.schedule(appointment, now=NOW)
    assert reminder is not None
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    with pytest.raises(OSError):
        run_task_at(reminder.due_at, reminder)
    reminder.refresh_from_db()
    assert (reminder.sent_at, reminder.voided_at) == (None, None)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_task_at(reminder.due_at + HOUR, reminder)
    assert len(mail.outbox) == 1
    reminder.refresh_from_db()
    assert reminder.sent_at == reminder.due_at + HOUR


@pytest.mark.django_db
def test_a_reminder_whose_job_was_lost_goes_out_once_from_the_safety_net(world: World) -> None:
    """A worker killed in the middle of a job leaves it claimed for ever: django-tasks-db
    never runs it again. `send_due` (cron) sends such a reminder, once however often it
    runs, and not before it is due."""
    appointment = visit_at(world, NOW + 3 * DAY)
    reminder = reminders.schedule(appointment, now=NOW)
    assert reminder is not None
    with time_machine.travel(reminder.due_at - MINUTE, tick=False):
        reminders.send_due()
    assert mail.outbox == []
    with time_machine.travel(reminder.due_at + 5 * MINUTE, tick=False):
        reminders.send_due()
        reminders.send_due()
        reminders.send_reminder.call(reminder.pk)  # the lost job, had it come back
    assert len(mail.outbox) == 1


# ---- stale times ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "by", [DAY, -DAY, 2 * HOUR], ids=["a-day-later", "a-day-earlier", "2h-later"]
)
def test_a_moved_visit_gets_a_new_reminder_and_never_the_stale_one(
    world: World, by: dt.timedelta
) -> None:
    appointment = visit_at(world, NOW + 3 * DAY)
    old = reminders.schedule(appointment, now=NOW)
    move(appointment, by)
    new = reminders.schedule(appointment, now=NOW + HOUR)
    assert old is not None and new is not None
    old.refresh_from_db()
    assert (old.voided_at, old.sent_at) == (NOW + HOUR, None)
    assert pending(appointment) == [new]
    assert (new.for_start, new.due_at) == (appointment.starts_at, appointment.starts_at - DAY)

    run_task_at(old.due_at, old)  # the old job still comes round at the old time
    assert mail.outbox == []
    run_task_at(new.due_at, new)
    run_task_at(new.due_at + MINUTE, old)
    (message,) = mail.outbox
    local = appointment.starts_at.astimezone(LONDON)
    assert f"{local:%H:%M}" in message.body and f"{local:%A}" in message.body
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.sent_at is None and new.sent_at == new.due_at


@pytest.mark.django_db
def test_a_cancelled_visit_gets_no_reminder(world: World) -> None:
    appointment = visit_at(world, NOW + 3 * DAY)
    reminder = reminders.schedule(appointment, now=NOW)
    assert reminder is not None
    appointment.status = Appointment.Status.CANCELLED
    appointment.save(update_fields=["status"])
    reminders.void(appointment, now=NOW + HOUR)
    reminder.refresh_from_db()
    assert reminder.voided_at == NOW + HOUR
    run_task_at(reminder.due_at, reminder)
    assert mail.outbox == []
    reminder.refresh_from_db()
    assert reminder.sent_at is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        {
            "starts_at": NOW + 3 * DAY + HOUR,
            "ends_at": NOW + 3 * DAY + 2 * HOUR,
            "blocked_until": NOW + 3 * DAY + 2 * HOUR,
        },
        {"status": Appointment.Status.CANCELLED},
    ],
    ids=["moved", "cancelled"],
)
def test_a_visit_changed_behind_the_reminders_back_gets_none(
    world: World, change: dict[str, Any]
) -> None:
    """Data changed without schedule() or void(): the job itself sees the visit is not
    the one it was made for (for_start != starts_at, or not booked) and sends nothing."""
    appointment = visit_at(world, NOW + 3 * DAY)
    reminder = reminders.schedule(appointment, now=NOW)
    assert reminder is not None
    Appointment.objects.filter(pk=appointment.pk).update(**change)
    run_task_at(reminder.due_at, reminder)
    assert mail.outbox == []
    reminder.refresh_from_db()
    assert (reminder.sent_at, reminder.voided_at) == (None, reminder.due_at)


@pytest.mark.django_db
@pytest.mark.parametrize("late", [dt.timedelta(0), 10 * MINUTE, DAY])
def test_a_reminder_that_comes_round_after_the_visit_began_is_voided_not_sent(
    world: World, late: dt.timedelta
) -> None:
    """Workers down for a day, then the backlog runs: "see you tomorrow" after the visit
    would only confuse."""
    appointment = visit_at(world, NOW + 3 * DAY)
    reminder = reminders.schedule(appointment, now=NOW)
    assert reminder is not None
    run_task_at(appointment.starts_at + late, reminder)
    assert mail.outbox == []
    reminder.refresh_from_db()
    assert (reminder.sent_at, reminder.voided_at) == (None, appointment.starts_at + late)


# ---- real workers, killed and restarted -------------------------------------------------

# easeplan's settings for the worker processes. settings.py takes the backend of a file://
# EMAIL_URL, but not its folder, which Django's file backend needs.
WORKER_SETTINGS = """\
from easeplan.settings import *  # noqa: F403
from easeplan.settings import _email

EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH")
"""
# Django's file backend appends each message to a file and then this line. A file usually
# holds one message, but one process may append several to one file within a second.
END_OF_MESSAGE = b"\n" + b"-" * 79 + b"\n"
BATCH = ("db_worker", "--batch", "--no-startup-delay")


def url_of_test_database() -> str:
    """DATABASE_URL of the database this test runs on (pytest-django's test database)."""
    db = django_settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host, port = db.get("HOST") or "localhost", db.get("PORT") or 5432
    return f"postgres://{credentials}@{host}:{port}/{quote(db['NAME'], safe='')}"


class Workers:
    """Real `manage.py` processes on the test database, mailing into files."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.mail_dir = tmp_path / "mail"
        (tmp_path / "worker_settings.py").write_text(WORKER_SETTINGS)
        unwanted = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE", "PYTHONPATH"}
        self.env = {k: v for k, v in os.environ.items() if k not in unwanted} | {
            "DJANGO_SETTINGS_MODULE": "worker_settings",
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")])
            ),
            "DATABASE_URL": url_of_test_database(),
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "EMAIL_URL": f"file:///{self.mail_dir}",  # dj-email-url drops one leading slash
        }
        self.started: list[tuple[subprocess.Popen[bytes], Path]] = []

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        log = self.tmp_path / f"{len(self.started)}-{args[0]}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "manage.py", *args],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.started.append((process, log))
        return process

    def worker(self) -> subprocess.Popen[bytes]:
        """A long-running worker, as in production."""
        return self.start("db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.05")

    def log_of(self, process: subprocess.Popen[bytes]) -> str:
        log = next(log for p, log in self.started if p is process)
        return log.read_text(errors="replace")[-3000:]

    def run(self, *commands: tuple[str, ...], timeout: float = 20) -> None:
        """Run commands side by side until all have exited; each must succeed."""
        processes = [self.start(*command) for command in commands]
        deadline = time.monotonic() + timeout
        for process in processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pytest.fail(
                    f"{process.args} still running after {timeout} s\n{self.log_of(process)}"
                )
            assert process.returncode == 0, self.log_of(process)

    def wait_for(
        self,
        what: str,
        condition: Callable[[], bool],
        *,
        watch: subprocess.Popen[bytes],
        timeout: float = 15,
    ) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if watch.poll() is not None:
                pytest.fail(
                    f"the worker exited ({watch.returncode}) before {what}\n{self.log_of(watch)}"
                )
            if time.monotonic() > deadline:
                pytest.fail(f"no {what} within {timeout} s\n{self.log_of(watch)}")
            time.sleep(0.01)

    @staticmethod
    def kill(process: subprocess.Popen[bytes]) -> None:
        """SIGKILL: no clean shutdown, as when the machine dies or the OOM killer strikes."""
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process, _ in self.started:
            if process.poll() is None:
                self.kill(process)

    def messages_to(self) -> Counter[str]:
        """Recipients of every message the workers sent, with how many each got."""
        found: Counter[str] = Counter()
        for path in sorted(self.mail_dir.glob("*")):
            for raw in path.read_bytes().split(END_OF_MESSAGE):
                if raw.strip():
                    found[str(email.message_from_bytes(raw)["To"])] += 1
        return found


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Workers]:
    started = Workers(tmp_path)
    yield started
    started.stop_all()


@task()
def hold_the_worker(release: str) -> None:
    """Some other job in the queue: it keeps its worker busy until told to go on."""
    deadline = time.monotonic() + 60
    while not Path(release).exists() and time.monotonic() < deadline:
        time.sleep(0.01)


def status_of(job_id: Any) -> str | None:
    return DBTaskResult.objects.filter(pk=job_id).values_list("status", flat=True).first()


def jobs_taken() -> int:
    return DBTaskResult.objects.exclude(status=READY).count()


def queue_again(due: list[Reminder]) -> None:
    """Another job for every reminder, as a retry or a double enqueue would make. Jobs
    without a run_after come after the dated ones, so a worker meets the first jobs of
    reminders not yet sent before these copies."""
    for reminder in due:
        reminders.send_reminder.enqueue(reminder.pk)


@contextmanager
def no_reminder_being_sent() -> Iterator[None]:
    """While this holds, no process is between claiming a reminder and marking it sent.

    The one span no outbox can cover: a worker that dies there has its claim taken over
    only after outbox.CLAIM_FOR, and if the mail server had taken the message, it goes
    out again then (here: between the file write and the mark). We kill workers anywhere
    but there: holding the write lock, with no reminder claimed.
    """
    deadline = time.monotonic() + 15
    while True:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    # Conflicts with every write to the table; plain reads go on.
                    table = connection.ops.quote_name(Reminder._meta.db_table)
                    cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
            # On SQLite, atomic() began IMMEDIATE: we hold the database's only write lock.
            if not Reminder.objects.filter(claimed_at__isnull=False).exists():
                yield
                return
        if time.monotonic() > deadline:  # let the sender mark it, then look again
            pytest.fail("a reminder stayed claimed for 15 s")
        time.sleep(0.01)


@pytest.mark.django_db(transaction=True)
def test_workers_killed_at_any_moment_and_restarted_send_each_reminder_exactly_once(
    world: World, workers: Workers
) -> None:
    """Six due reminders; a worker killed mid-batch, three more killed at arbitrary
    moments while every reminder's job is queued again and again; then two workers side
    by side. Each client gets one message. Kills never land between claim and mark:
    see no_reminder_being_sent for the one gap no outbox closes."""
    due = [
        due_reminder(
            world, client=ClientFactory(practice=world.practice), starts_in=HOUR + i * 2 * HOUR
        )
        for i in range(6)
    ]
    assert DBTaskResult.objects.filter(status=READY).count() == 6

    # 1. Killed in the middle of its batch: another job, queued after the first two
    #    reminders, keeps the worker busy until we kill it.
    release = workers.tmp_path / "release"
    held = hold_the_worker.using(run_after=due[1].due_at + dt.timedelta(seconds=1)).enqueue(
        str(release)
    )
    worker = workers.worker()
    workers.wait_for("turn of the other job", lambda: status_of(held.id) == RUNNING, watch=worker)
    workers.kill(worker)
    release.touch()
    sent = [r.pk for r in due if Reminder.objects.get(pk=r.pk).sent_at is not None]
    assert sent == [due[0].pk, due[1].pk]
    assert DBTaskResult.objects.filter(status=READY).count() == 4
    assert workers.messages_to() == Counter(r.appointment.client.email for r in due[:2])

    # 2. Killed at arbitrary moments: while starting, after taking one job, after three;
    #    each time every reminder has been queued again, as a retry would.
    for jobs in (0, 1, 3):
        queue_again(due)
        target = jobs_taken() + jobs
        worker = workers.worker()
        workers.wait_for(
            f"{jobs} jobs taken", lambda target=target: jobs_taken() >= target, watch=worker
        )
        with no_reminder_being_sent():
            workers.kill(worker)

    # 3. Restarted: two batch workers side by side, on a queue holding yet another job
    #    for every reminder. They send whatever is left, once.
    queue_again(due)
    workers.run(BATCH, BATCH)
    everyone_once = Counter(r.appointment.client.email for r in due)
    assert workers.messages_to() == everyone_once
    for reminder in due:
        reminder.refresh_from_db()
        assert reminder.sent_at is not None and reminder.voided_at is None
    assert not DBTaskResult.objects.filter(status=READY).exists()
    failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
    assert not failed.exists(), [job.traceback for job in failed]

    # 4. The cron safety net, run afterwards, finds nothing left to send.
    workers.run(("send_due_reminders",))
    assert workers.messages_to() == everyone_once


def someone_waits_for_us() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else it is read once per transaction
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity"
            " WHERE pg_backend_pid() = ANY (pg_blocking_pids(pid)))"
        )
        return bool(cursor.fetchone()[0])


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_inside_a_reminder_job_leaves_it_to_go_out_once(
    world: World, workers: Workers
) -> None:
    reminder = due_reminder(world)
    (job,) = DBTaskResult.objects.all()
    with transaction.atomic():
        Reminder.objects.select_for_update().get(pk=reminder.pk)  # the worker waits for it
        worker = workers.worker()
        workers.wait_for(
            "worker waiting inside the reminder's job",
            lambda: status_of(job.pk) == RUNNING and someone_waits_for_us(),
            watch=worker,
        )
        workers.kill(worker)
    reminder.refresh_from_db()
    assert reminder.sent_at is None and not workers.messages_to()
    # Its job stays claimed by the dead worker; the cron safety net sends the reminder,
    # and another job for it, run afterwards, sends nothing.
    workers.run(("send_due_reminders",))
    reminders.send_reminder.using(run_after=reminder.due_at).enqueue(reminder.pk)
    workers.run(BATCH)
    assert workers.messages_to() == Counter([world.client.email])
    reminder.refresh_from_db()
    assert reminder.sent_at is not None
