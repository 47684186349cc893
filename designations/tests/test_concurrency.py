"""Two submits at once (two tabs, a double click, two API calls): one transition, one 409.

Real concurrent connections need a server database: on SQLite, whose writers queue on one file
lock, the service's row lock is a no-op, so these tests run on PostgreSQL (the integration run).
"""

import os
import threading

import pytest
from django.conf import settings
from django.db import connection, connections
from rest_framework.test import APIClient

from designations import services
from designations.enums import ApplicationStatus
from designations.models import Application, Transition
from designations.tests.factories import CallFactory, ready_application
from designations.transitions import TransitionNotAllowed


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        if os.environ.get("REQUIRE_INTEGRATION") == "1":
            pytest.fail("REQUIRE_INTEGRATION=1 but the database is not PostgreSQL.")
        pytest.skip("Concurrent connections are tested on PostgreSQL (make test-integration).")


def _run_together(*calls):
    """Run the callables in threads released at the same instant; return their outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as exc:  # the outcome is what the test looks at
            outcomes[index] = exc
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_submits_at_once_give_one_transition(postgres_only, member):
    application = ready_application(member.firm, CallFactory(), actor=member)

    def submit():
        return services.application_submit(
            application=Application.objects.get(pk=application.pk), actor=member
        )

    outcomes = _run_together(submit, submit)
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], TransitionNotAllowed), outcomes
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    steps = Transition.objects.filter(application=application, to_status="SUBMITTED")
    assert steps.count() == 1
    assert application.receipt_number.endswith("00001")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_api_submits_at_once_give_200_and_409(postgres_only, member):
    application = ready_application(member.firm, CallFactory(), actor=member)
    url = f"/api/v1/applications/{application.pk}/submit/"

    def post():
        client = APIClient()
        client.force_authenticate(member)
        return client.post(url).status_code

    assert sorted(_run_together(post, post)) == [200, 409]
    assert Transition.objects.filter(application=application, to_status="SUBMITTED").count() == 1


def test_the_database_under_test_is_known():
    # Guard: the skip above must only ever hide SQLite, never a misconfigured PostgreSQL run.
    assert settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1] in {"sqlite3", "postgresql"}
