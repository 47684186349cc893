"""Certificates (지정서): the PDF in Korean and in English, rendered by a Celery task and stored.
A new version is issued whenever the data printed on it changes (a firm's new name or address,
say): `fingerprint` hashes that data, so issuing is idempotent and safe to retry."""

import hashlib
import json
from dataclasses import asdict, replace
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation

from designations.enums import DesignationEventKind as E
from designations.enums import DesignationStatus as D
from designations.models import Certificate, Designation
from designations.services.designation import event_add
from registry.services import audit_record

if TYPE_CHECKING:
    from designations.pdf import CertificateData

LANGS = ("ko", "en")


def verify_url(number: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("verify_designation", args=[number])


def certificate_data(designation: Designation, *, lang: str) -> "CertificateData":
    """What the certificate prints, in its language (the English firm name when there is one)."""
    from designations.pdf import CertificateData

    firm = designation.firm
    english = lang == "en"
    with translation.override(lang):
        return CertificateData(
            lang=lang,
            number=designation.number,
            firm_name=(firm.name_en or firm.name_ko) if english else firm.name_ko,
            ceo_name=firm.ceo_name,
            business_number=firm.business_number_display,
            address=firm.address,
            tier=str(designation.get_tier_display()),
            fields=[f.name_en if english else f.name_ko for f in designation.fields.all()],
            valid_from=designation.valid_from,
            valid_until=designation.valid_until,
            legal_basis=designation.legal_basis,
            issuer=settings.CERTIFICATE_ISSUER[lang],
            issued_on=designation.valid_from,
            verify_url=verify_url(designation.number),
        )


def fingerprint(data: "CertificateData") -> str:
    """The hash of what is printed, without the issue date (a re-issue keeps its content)."""
    payload = asdict(replace(data, issued_on=data.valid_from))
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def certificate_latest(designation: Designation, *, lang: str) -> Certificate | None:
    return designation.certificates.filter(lang=lang).order_by("-version").first()


def certificate_current(designation: Designation, *, lang: str) -> Certificate | None:
    """The latest certificate if it still prints the designation's current data."""
    latest = certificate_latest(designation, lang=lang)
    if latest is None or latest.fingerprint != fingerprint(
        certificate_data(designation, lang=lang)
    ):
        return None
    return latest


@transaction.atomic
def certificate_issue(*, designation: Designation, lang: str, actor=None) -> Certificate:
    """Render and store a new version unless the latest one prints the same data."""
    from designations.pdf import certificate_pdf

    designation = (
        Designation.objects.select_for_update().select_related("firm").get(pk=designation.pk)
    )
    data = certificate_data(designation, lang=lang)
    digest = fingerprint(data)
    latest = certificate_latest(designation, lang=lang)
    if latest is not None and latest.fingerprint == digest:
        return latest
    version = (designation.certificates.filter(lang=lang).aggregate(v=Max("version"))["v"] or 0) + 1
    data = replace(data, issued_on=timezone.localdate())
    certificate = Certificate(
        designation=designation, lang=lang, version=version, fingerprint=digest
    )
    filename = f"{designation.number}-{lang}-v{version}.pdf"
    certificate.file.save(filename, ContentFile(certificate_pdf(data)), save=False)
    certificate.save()
    event_add(
        designation=designation, kind=E.CERTIFICATE_ISSUED, actor=actor, lang=lang, version=version
    )
    audit_record(
        actor=actor or "system", action="certificate.issue", obj=certificate,
        scope=designation.audit_scope, changes={"version": [latest and latest.version, version]},
    )  # fmt: skip
    return certificate


def certificate_for_download(designation: Designation, *, lang: str, actor=None) -> Certificate:
    """The current certificate; when the task has not yet issued it (or the data changed since),
    it is issued now, so a download never waits for the worker. A designation no longer valid
    gets no new version: its last certificate is what was issued (officers may still read it)."""
    if designation.status != D.VALID and (latest := certificate_latest(designation, lang=lang)):
        return latest
    return certificate_current(designation, lang=lang) or certificate_issue(
        designation=designation, lang=lang, actor=actor
    )


def certificates_queue(*, designation: Designation) -> None:
    """Issue both languages in the worker once the transaction commits."""
    for lang in LANGS:
        transaction.on_commit(partial(_queue, designation.pk, lang))


def _queue(designation_id: int, lang: str) -> None:
    from designations.tasks import certificate_issue_task

    try:
        certificate_issue_task.delay(designation_id=designation_id, lang=lang)
    except Exception:  # the broker is down: the periodic refresh issues it later
        import logging

        logging.getLogger(__name__).warning(
            "Could not queue certificate %s/%s", designation_id, lang
        )


def certificates_stale() -> list[tuple[int, str]]:
    """(designation id, language) of valid designations whose certificate is missing or prints
    old data: what the periodic refresh re-issues."""
    stale = []
    designations = Designation.objects.filter(status=D.VALID).select_related("firm")
    for designation in designations.prefetch_related("fields", "certificates"):
        for lang in LANGS:
            issued = [c for c in designation.certificates.all() if c.lang == lang]
            latest = max(issued, key=lambda c: c.version, default=None)
            if latest is None or latest.fingerprint != fingerprint(
                certificate_data(designation, lang=lang)
            ):
                stale.append((designation.pk, lang))
    return stale
