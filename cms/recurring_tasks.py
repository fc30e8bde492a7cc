"""Background tasks that run on a schedule (every day, or one day a week), on the worker.

django-tasks has no scheduler, so each registered task keeps exactly one future run queued
on its backend: one is queued after every ``migrate`` (so a new or restored database gets
its first run), and whenever the worker starts a run it queues the next, before the work
itself, so a run that fails does not break the chain. A worker that was stopped runs a
missed task once when it comes back, then keeps to the schedule. Times are local
(``TIME_ZONE``, Europe/London), so a 03:00 task runs at 03:00 in summer and winter.

Apps register their tasks in their ``AppConfig.ready()``::

    recurring_tasks.register(prune_form_submissions_task, at=datetime.time(3, 0))
    recurring_tasks.register(send_review_reminders_task, at=datetime.time(7, 0), weekday=0)

Only backends that can hold a task until a given time (``supports_defer``, as the database
backend does) take part; on any other the task is not scheduled.
"""

import datetime
from dataclasses import dataclass

from django.db import DatabaseError
from django.db.models.signals import post_migrate
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.signals import task_started

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Schedule:
    task: object
    at: datetime.time
    weekday: int | None = None  # 0 is Monday; None is every day

    def next_run(self, after):
        """The first scheduled time strictly after ``after`` (an aware datetime)."""
        local = timezone.localtime(after)
        day = local.date()
        while True:
            candidate = timezone.make_aware(datetime.datetime.combine(day, self.at))
            if candidate > after and (self.weekday is None or day.weekday() == self.weekday):
                return candidate
            day += datetime.timedelta(days=1)

    def describe(self):
        day = "every day" if self.weekday is None else f"every {WEEKDAYS[self.weekday]}"
        return f"{day} at {self.at:%H:%M}"


SCHEDULES = {}


def register(task, *, at, weekday=None):
    """Run ``task`` (a django-tasks ``Task`` taking no arguments) at ``at`` every day, or on
    ``weekday`` (0 = Monday) each week."""
    SCHEDULES[task.module_path] = Schedule(task=task, at=at, weekday=weekday)
    post_migrate.connect(_schedule_after_migrate, dispatch_uid="cms.recurring_tasks.migrate")
    task_started.connect(_schedule_next_run, dispatch_uid="cms.recurring_tasks.started")


def _pending(schedule):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=schedule.task.module_path,
        backend_name=schedule.task.backend,
        status=TaskResultStatus.READY,
    )


def ensure_scheduled(schedule, now=None):
    """Queue the next run of ``schedule`` unless one is queued already. Returns the queued
    run's time, or None when the task's backend cannot hold a task until a time."""
    if not schedule.task.get_backend().supports_defer:
        return None
    pending = _pending(schedule).order_by("run_after").first()
    if pending is not None:
        return pending.run_after
    run_after = schedule.next_run(now or timezone.now())
    schedule.task.using(run_after=run_after).enqueue()
    return run_after


def ensure_all_scheduled(now=None):
    return {path: ensure_scheduled(schedule, now) for path, schedule in SCHEDULES.items()}


def _schedule_after_migrate(sender, app_config=None, **kwargs):
    # Sent once per app after every migrate; the queue's own app comes once.
    if getattr(app_config, "name", None) != "django_tasks_db":
        return
    try:
        ensure_all_scheduled()
    except DatabaseError:
        # The queue's table is not there (a partial migrate): the next full migrate queues them.
        return


def _schedule_next_run(sender, task_result, **kwargs):
    schedule = SCHEDULES.get(task_result.task.module_path)
    if schedule is not None:
        ensure_scheduled(schedule)
