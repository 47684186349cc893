"""The API's yes/no list filters read true/false (1/0, yes/no) and refuse anything else."""

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from evaluations.tests.factories import ExpertFactory
from programs.api.filters import ProgrammeFilter

# (path, parameter, whether an officer asks)
YES_NO_FILTERS = [
    ("/api/v1/programs/", "open", False),
    ("/api/v1/calls/", "open", False),
    ("/api/v1/designations/", "expiring", True),
    ("/api/v1/outcome-reports/", "overdue", True),
    ("/api/v1/experts/", "available", True),
]


def client_for(user, language: str) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(User.objects.get(pk=user.pk))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


@pytest.mark.parametrize(("path", "parameter", "officer_asks"), YES_NO_FILTERS)
def test_a_yes_no_filter_refuses_what_it_cannot_read(officer, path, parameter, officer_asks):
    user = officer if officer_asks else None
    messages = (("en", "Use true or false."), ("ko", "true 또는 false로 지정하세요."))
    for language, message in messages:
        response = client_for(user, language).get(path, {parameter: "maybe"})
        assert response.status_code == 400, (path, response.content)
        assert response.json() == {parameter: [message]}
    for value in ("true", "false", "1", "0", "yes", "No", ""):
        response = client_for(user, "en").get(path, {parameter: value})
        assert response.status_code == 200, (path, value, response.content)


def test_yes_and_no_filter_as_before(officer):
    """The words for yes and no split the list the same way true and false do."""
    available, away = ExpertFactory(available=True), ExpertFactory(available=False)
    client = client_for(officer, "en")

    def ids(value: str) -> set[int]:
        body = client.get("/api/v1/experts/", {"available": value}).json()
        return {expert["id"] for expert in body["results"]}

    assert ids("true") == ids("yes") == ids("1") == {available.pk}
    assert ids("false") == ids("no") == ids("0") == {away.pk}
    assert ids("") == {available.pk, away.pk}


def test_the_schema_types_them_as_booleans(officer):
    schema = client_for(officer, "en").get("/api/schema/", {"format": "json"}).json()
    for path, parameter, _officer in YES_NO_FILTERS:
        operation = schema["paths"][path]["get"]
        (described,) = [p for p in operation["parameters"] if p["name"] == parameter]
        assert described["schema"] == {"type": "boolean"}, (path, described)
        assert described["description"].startswith("true: "), (path, described)


def test_the_browsable_api_offers_yes_and_no():
    field = ProgrammeFilter().form["open"]
    assert [value for value, _label in field.field.widget.choices] == ["", "true", "false"]
