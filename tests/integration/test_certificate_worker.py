"""Certificates issued by a real Celery worker over Redis (the integration run): once the
transaction that made a designation commits, the worker renders and stores both languages."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from designations.enums import DesignationEventKind as E
from designations.models import Certificate, DesignationEvent
from designations.services.certificates import certificate_current, certificates_queue
from designations.tests.factories import make_designation
from suppliers.tests.factories import FirmFactory
from tests.conftest import wait_until

# serialized_rollback: the taxonomy the migrations load (the designation's fields) is put back
# before the test, whatever transactional test emptied the tables before it.
pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def worker_media_root() -> Path:
    """Where the worker stores files: its settings, not this process's (a test folder here)."""
    return Path(os.environ.get("MEDIA_ROOT") or Path(settings.VAR_DIR) / "media")


def test_a_committed_designation_gets_both_certificates_from_the_worker(celery_worker):
    firm = FirmFactory(name_ko="㈜워커정밀", name_en="Worker Precision Co.")

    with transaction.atomic():
        designation = make_designation(firm)
        certificates_queue(designation=designation)
        # Nothing is queued before the commit: the worker could not see the row yet.
        assert not Certificate.objects.filter(designation=designation).exists()

    issued = Certificate.objects.filter(designation=designation)
    wait_until(
        lambda: issued.count() == 2,
        seconds=60,
        what="the worker to issue the Korean and the English certificate",
        explain=celery_worker.log_tail,
    )
    certificates = list(issued.order_by("lang"))
    try:
        assert [(c.lang, c.version) for c in certificates] == [("en", 1), ("ko", 1)]
        for certificate in certificates:
            # The worker printed the designation's current data (same fingerprint).
            assert certificate_current(designation, lang=certificate.lang) == certificate
            stored = worker_media_root() / certificate.file.name
            assert stored.read_bytes().startswith(b"%PDF")
        steps = DesignationEvent.objects.filter(designation=designation, kind=E.CERTIFICATE_ISSUED)
        assert sorted((s.data["lang"], s.data["version"], s.actor) for s in steps) == [
            ("en", 1, None),
            ("ko", 1, None),
        ]
    finally:
        for certificate in certificates:
            stored = worker_media_root() / certificate.file.name
            stored.unlink(missing_ok=True)
        if certificates and not any(stored.parent.iterdir()):
            stored.parent.rmdir()
