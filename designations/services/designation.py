"""Designation records: created by the committee's decision, and kept on the firm's search record
in the same transaction so that the registry reads one table (suppliers stays at the bottom)."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from designations.enums import DesignationStatus
from designations.models import Application, Designation
from registry.services import audit_record
from suppliers.enums import DesignationStatus as FirmDesignationStatus

VALIDITY_YEARS = 3


def designation_number(*, year: int, serial: int) -> str:
    """스마트제조-YYYY-NNNN (DOMAIN.md): the year of designation and a serial per year."""
    return f"스마트제조-{year}-{serial:04d}"


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def designation_create(
    *, application: Application, tier: str, score, actor, today: date | None = None
) -> Designation:
    """The designation of a designated application: number, tier, validity of 3 years (the
    day before the third anniversary), the fields applied for and the call's legal basis."""
    from designations.services import next_serial

    today = today or timezone.localdate()
    designation = Designation.objects.create(
        number=designation_number(
            year=today.year, serial=next_serial(name="designation", year=today.year)
        ),
        application=application,
        firm=application.firm,
        tier=tier,
        valid_from=today,
        valid_until=add_years(today, VALIDITY_YEARS) - timedelta(days=1),
        legal_basis=application.call.legal_basis,
        score=score,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    designation.fields.set(application.fields.all())
    firm_search_record_sync(firm=application.firm)
    audit_record(
        actor=actor, action="designation.create", obj=designation, scope=designation.audit_scope,
        changes={"number": [None, designation.number], "tier": [None, tier],
                 "valid_until": [None, designation.valid_until.isoformat()]},
    )  # fmt: skip
    return designation


def firm_search_record_sync(*, firm) -> None:
    """Copy the firm's current designation (the latest valid one, else the latest of any state)
    onto the firm's search fields. Called inside the transaction that changed a designation."""
    designations = list(Designation.objects.filter(firm=firm).order_by("-valid_from", "-id"))
    current = next(
        (d for d in designations if d.status == DesignationStatus.VALID),
        designations[0] if designations else None,
    )
    if current is None:
        firm.designation_status = FirmDesignationStatus.NONE
        firm.designation_tier = firm.designation_number = ""
        firm.designated_on = None
    else:
        firm.designation_status = current.status
        firm.designation_tier = current.tier
        firm.designation_number = current.number
        firm.designated_on = current.valid_from
        firm.is_public = True
    firm.save(
        update_fields=[
            "designation_status", "designation_tier", "designation_number", "designated_on",
            "is_public", "updated_at",
        ]
    )  # fmt: skip
