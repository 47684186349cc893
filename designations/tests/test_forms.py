"""Forms of the call and application pages validate and format; they never save."""

import datetime

import pytest
from django.utils import timezone, translation

from designations.enums import CallStatus
from designations.forms import (
    ApplyForm,
    CallForm,
    DeclarationsForm,
    FieldsForm,
    FiguresForm,
    PlanForm,
    SelfAssessmentForm,
    SupplementRequestForm,
)
from designations.models import Criterion
from designations.services import CALL_FIELDS, CALL_FIELDS_AFTER_PUBLISH
from designations.tests.factories import ApplicationFactory, CallFactory
from suppliers.models import Firm, TechField
from suppliers.tests.factories import FirmFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def application(db):
    return ApplicationFactory()


def _criteria(application):
    return Criterion.objects.filter(area__rubric_id=application.call.rubric_id).order_by(
        "area__order", "order", "id"
    )


# --- calls --------------------------------------------------------------------------------------


def test_a_new_call_offers_the_default_rubric_template():
    form = CallForm()
    template = form.fields["rubric_template"].initial
    assert (template.code, template.is_template) == ("SMF-DEFAULT", True)
    assert [legend for legend, _fields in form.groups()] == [
        "The call",
        "Application window (Korea time)",
        "Evaluation",
        "Thresholds",
        "Eligibility gates",
        "Supplements, appeals and quota",
    ]
    grouped = [field.name for _legend, fields in form.groups() for field in fields]
    assert sorted(grouped) == sorted(CALL_FIELDS)


def test_a_published_call_shows_its_fixed_settings_disabled():
    call = CallFactory(status=CallStatus.PUBLISHED)
    form = CallForm(instance=call)
    assert "rubric_template" not in form.fields
    enabled = {name for name, field in form.fields.items() if not field.disabled}
    assert enabled == CALL_FIELDS_AFTER_PUBLISH
    assert not any(
        field.disabled for field in CallForm(instance=CallFactory(status="DRAFT")).fields.values()
    )


def test_the_call_window_is_read_in_korea_time_and_must_be_ordered():
    data = {name: "" for name in CALL_FIELDS} | {
        "title_ko": "공고", "title_en": "Call", "track": "SME",
        "opens_at": "2027-03-02T09:00", "closes_at": "2027-03-01T09:00",
        "reviewers_document": 5, "reviewers_onsite": 2, "self_assessment_min": 600,
        "pass_mark": 700, "criterion_min_percent": 40, "supplement_days": 10, "appeal_days": 30,
        "gate_min_years": 3, "gate_min_smart_share": 50, "gate_min_researchers": 2,
        "gate_min_rnd_ratio": 2, "gate_min_deployments": 3, "gate_deployment_years": 3,
        "tier_leading_min": 850, "review_days": 7, "review_reminder_days": "3, 1",
        "comment_low_percent": 40, "comment_high_percent": 90, "disagreement_percent": 15,
        "reviewer_z_threshold": 2, "conflict_years": 3, "trim_from_reviewers": 5,
    }  # fmt: skip
    form = CallForm(data | {"rubric_template": CallForm().fields["rubric_template"].initial.pk})
    assert form.errors == {"closes_at": ["The call must close after it opens."]}
    assert form.cleaned_data["opens_at"] == datetime.datetime(
        2027, 3, 2, 9, 0, tzinfo=timezone.get_current_timezone()
    )


def test_the_apply_form_hides_the_choice_when_there_is_one_firm():
    one = FirmFactory()
    form = ApplyForm(firms=Firm.objects.filter(pk=one.pk))
    assert form.fields["firm"].widget.input_type == "hidden"
    assert form.fields["firm"].initial == one.pk
    two = Firm.objects.filter(pk__in=[one.pk, FirmFactory().pk])
    assert ApplyForm(firms=two).fields["firm"].widget.input_type == "radio"
    assert not ApplyForm({"firm": FirmFactory().pk}, firms=two).is_valid()


# --- the wizard's steps -------------------------------------------------------------------------


def test_fields_are_grouped_by_area_and_become_tech_fields(application):
    field = TechField.objects.order_by("area__order", "order", "id").first()
    form = FieldsForm({"tech_fields": [str(field.pk)]}, application=application)
    assert form.is_valid()
    assert form.changes() == {"fields": [field]}
    groups = form.field_groups()
    assert len(groups) == 4
    assert groups[0][0] == field.area.name_en
    assert sum(len(choices) for _name, choices in groups) == TechField.objects.count()


def test_the_plan_keeps_the_text_as_typed(application):
    data = {"strategy": "  전략\n", "business_plan": "계획", "global_plan": "", "ai_roadmap": ""}
    form = PlanForm(data, application=application)
    assert form.is_valid()
    assert form.changes() == data


def test_figures_accept_separators_and_check_the_smart_revenue(application):
    years = FiguresForm(application=application).years
    assert years == [timezone.localdate().year - offset for offset in (3, 2, 1)]
    last = years[-1]
    form = FiguresForm(
        {
            f"revenue_{last}": "1,200,000,000",
            f"smart_revenue_{last}": "900,000,000",
            f"researchers_{last}": "4",
        },
        application=application,
    )
    assert form.is_valid(), form.errors
    assert form.changes() == {
        "figures": {
            str(years[0]): {},
            str(years[1]): {},
            str(last): {"revenue": 1_200_000_000, "smart_revenue": 900_000_000, "researchers": 4},
        }
    }
    form = FiguresForm(
        {f"revenue_{last}": "100", f"smart_revenue_{last}": "101", f"employees_{last}": "-1"},
        application=application,
    )
    assert form.errors == {
        f"smart_revenue_{last}": ["Smart-manufacturing revenue cannot exceed the total revenue."],
        f"employees_{last}": ["Ensure this value is greater than or equal to 0."],
    }


def test_figures_are_prefilled_from_the_application(application):
    last = timezone.localdate().year - 1
    application.figures = {str(last): {"revenue": 5_000_000_000, "employees": 40}}
    form = FiguresForm(application=application)
    assert form.initial[f"revenue_{last}"] == 5_000_000_000
    assert form.initial[f"employees_{last}"] == 40
    assert form[f"revenue_{last}"].value() == 5_000_000_000
    assert 'value="5,000,000,000"' in str(form[f"revenue_{last}"])


def test_declarations_are_booleans(application):
    form = DeclarationsForm({"not_barred": "on"}, application=application)
    assert form.is_valid()
    assert form.changes() == {
        "declarations": {"not_barred": True, "no_tax_arrears": False, "in_business": False}
    }


def test_the_self_assessment_checks_each_maximum_and_adds_up_by_area(application):
    criteria = _criteria(application)
    form = SelfAssessmentForm(
        {"points_TECH-GRADE": "100", "points_TECH-IP": "61", "points_GRW-AI": "abc"},
        application=application,
        criteria=criteria,
    )
    assert form.errors == {
        "points_TECH-IP": ["Ensure this value is less than or equal to 60."],
        "points_GRW-AI": ["Enter a whole number."],
    }
    # Typed values count as far as they are numbers, capped at the criterion's maximum.
    assert [(entry["area"].code, entry["subtotal"]) for entry in form.areas()] == [
        ("TECH", 160),
        ("DELIVERY", 0),
        ("MGMT", 0),
        ("GROWTH", 0),
    ]
    assert (form.total(), form.maximum()) == (160, 1000)
    assert form.fields["points_TECH-GRADE"].label == "Points (0 to 100)"


def test_the_self_assessment_changes_cover_every_criterion(application):
    criteria = _criteria(application)
    form = SelfAssessmentForm(
        {"points_TECH-GRADE": "70", "evidence_TECH-GRADE": "A등급"},
        application=application,
        criteria=criteria,
    )
    assert form.is_valid()
    changes = form.changes()["self_assessment"]
    assert len(changes) == 17
    assert changes["TECH-GRADE"] == {"points": 70, "evidence": "A등급"}
    assert changes["GRW-AI"] == {"points": None, "evidence": ""}


def test_a_read_only_step_disables_every_field(application):
    form = PlanForm(application=application).read_only()
    assert all(field.disabled for field in form.fields.values())
    assert "disabled" in str(form["strategy"])


# --- officers -----------------------------------------------------------------------------------


def test_the_supplement_deadline_defaults_to_the_calls_days_and_must_be_ahead():
    call = CallFactory(supplement_days=7)
    form = SupplementRequestForm(call=call)
    expected = timezone.localtime() + datetime.timedelta(days=7)
    assert abs(form.fields["deadline"].initial - expected) < datetime.timedelta(minutes=1)
    assert form.fields["deadline"].help_text == "By default 7 days from now, as the call sets."
    form = SupplementRequestForm(
        {"sections": ["plan"], "message": "보완", "deadline": "2020-01-01T09:00"}, call=call
    )
    assert form.errors == {"deadline": ["The deadline must be in the future."]}
    form = SupplementRequestForm({"sections": ["nonsense"], "message": ""}, call=call)
    assert set(form.errors) == {"sections", "message", "deadline"}
