import pytest

from suppliers.enums import ConfirmationStatus, DesignationStatus
from suppliers.tests.factories import DeploymentFactory, FirmFactory, OutcomeFactory

pytestmark = pytest.mark.django_db


def test_health_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_home_shows_the_registry_figures(client, django_assert_num_queries):
    FirmFactory(is_public=True)
    FirmFactory(is_public=False)
    FirmFactory(designation_status=DesignationStatus.VALID, is_public=False)
    OutcomeFactory(confirmation=ConfirmationStatus.CONFIRMED)
    hidden = DeploymentFactory(firm=FirmFactory(is_public=False))
    OutcomeFactory(deployment=hidden, confirmation=ConfirmationStatus.CONFIRMED)  # not counted
    client.cookies["lang"] = "en"
    with django_assert_num_queries(3):
        response = client.get("/")
    assert response.status_code == 200
    # Listed: the public one, the designated one and the outcome's (public) firm.
    assert response.context["firm_count"] == 3
    assert response.context["designated_count"] == 1
    assert response.context["confirmed_outcome_count"] == 1
    assert b'lang="en"' in response.content


def test_home_is_korean_by_default(client):
    response = client.get("/")
    assert b'<html lang="ko">' in response.content


def test_the_language_switch_sets_the_cookie(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["lang"].value == "en"
