from datetime import date

from celery import shared_task

from designations.services import supplement_expire_due


@shared_task(acks_late=True, ignore_result=True)
def supplement_expire_task() -> int:
    """Periodic (beat, hourly): reject applications whose supplement deadline passed unanswered."""
    return supplement_expire_due()


@shared_task(acks_late=True, ignore_result=True)
def designation_life_task(today: str | None = None) -> dict[str, int]:
    """Periodic (beat, hourly): expiry, ends of suspensions, renewal and report reminders and
    overdue reports. Each step happens once however often this runs."""
    from designations.services.designation import (
        designations_expire_due,
        renewal_reminders_due,
        suspensions_end_due,
    )
    from designations.services.reports import reports_overdue_due, reports_remind_due

    day = date.fromisoformat(today) if today else None
    return {
        "expired": designations_expire_due(today=day),
        "reinstated": suspensions_end_due(today=day),
        "renewal_reminders": renewal_reminders_due(today=day),
        "report_reminders": reports_remind_due(today=day),
        "reports_overdue": reports_overdue_due(today=day),
    }


@shared_task(acks_late=True, ignore_result=True)
def certificate_issue_task(*, designation_id: int, lang: str) -> None:
    """Render and store the certificate; nothing when the designation is gone or it is current."""
    from designations.models import Designation
    from designations.services.certificates import certificate_issue

    designation = Designation.objects.filter(pk=designation_id).first()
    if designation is None:
        return
    certificate_issue(designation=designation, lang=lang)


@shared_task(acks_late=True, ignore_result=True)
def certificates_refresh_task() -> int:
    """Periodic: re-issue certificates whose printed data changed (a firm renamed, say)."""
    from designations.services.certificates import certificates_stale

    stale = certificates_stale()
    for designation_id, lang in stale:
        certificate_issue_task.delay(designation_id=designation_id, lang=lang)
    return len(stale)
