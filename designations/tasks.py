from celery import shared_task

from designations.services import supplement_expire_due


@shared_task(acks_late=True, ignore_result=True)
def supplement_expire_task() -> int:
    """Periodic (beat, hourly): reject applications whose supplement deadline passed unanswered."""
    return supplement_expire_due()
