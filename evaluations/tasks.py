from datetime import datetime

from celery import shared_task

from evaluations.services import review_reminders_due


@shared_task(acks_late=True, ignore_result=True)
def review_reminders_task(*, now: datetime | None = None) -> int:
    """Periodic (beat): remind reviewers of sheets not submitted, at each of the call's reminder
    days before the deadline, once each. `now` moves the clock in tests only."""
    return review_reminders_due(now=now)
