"""Forms validate and format; they never save."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from suppliers import selectors
from suppliers.brn import corporate_check_digit, make_business_number
from suppliers.enums import ConfirmationStatus
from suppliers.forms import (
    CapabilityForm,
    CertificationForm,
    ConfirmationResponseForm,
    DeploymentForm,
    FirmProfileForm,
    FirmRegisterForm,
    OutcomeForm,
    RevenueForm,
    SetChoiceField,
    SupplierSearchForm,
    Taxonomy,
    WonField,
    add_service_errors,
)
from suppliers.models import SolutionTag
from suppliers.selectors import last_completed_years
from suppliers.services import FirmAlreadyRegistered
from suppliers.tests.factories import DeploymentFactory, FirmFactory, OutcomeFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5b2b9e40000000049454e44ae426082"
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _register(**overrides) -> FirmRegisterForm:
    data = {
        "business_number": make_business_number(11),
        "name_ko": "한빛비전",
        "ceo_name": "이한빛",
        "region": "seoul",
        "size_class": "SMALL",
    }
    return FirmRegisterForm(data | overrides)


# --- registration and profile -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_business_number_is_cleaned_to_its_digits():
    number = make_business_number(11)
    form = _register(
        business_number=f" {number[:3]}-{number[3:5]}-{number[5:]} ",
        corporate_number="110111-123456" + str(corporate_check_digit("110111123456")),
        main_ksic="c 29280",
        website="smartfactory.example.kr",
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["business_number"] == number
    assert form.profile()["corporate_number"].startswith("110111123456")
    assert form.profile()["main_ksic"] == "C29280"
    assert form.profile()["website"] == "https://smartfactory.example.kr"
    assert "business_number" not in form.profile()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("number", "code"),
    [("12345", "length"), ("12a4567890", "digits"), (make_business_number(12)[:9] + "x", "digits")],
)
def test_a_bad_business_number_is_refused_with_its_reason(number, code):
    form = _register(business_number=number)
    assert not form.is_valid()
    assert form.errors.as_data()["business_number"][0].code == code


@pytest.mark.django_db
def test_a_wrong_check_digit_is_a_checksum_error():
    number = make_business_number(13)
    form = _register(business_number=number[:9] + str((int(number[9]) + 1) % 10))
    assert not form.is_valid()
    assert form.errors.as_data()["business_number"][0].code == "checksum"


@pytest.mark.django_db
def test_a_bad_corporate_number_is_named():
    form = _register(corporate_number="110111-123456")
    assert not form.is_valid()
    assert form.errors["corporate_number"] == [
        "A corporate registration number has 13 digits; this one has 12."
    ]


@pytest.mark.django_db
def test_the_profile_form_leaves_the_firm_untouched_and_lists_only_changes():
    firm = FirmFactory(employees=42)
    data = {
        "name_ko": firm.name_ko,
        "name_en": firm.name_en,
        "ceo_name": firm.ceo_name,
        "founded_on": "2015-03-02",
        "region": firm.region,
        "address": firm.address,
        "employees": "60",
        "size_class": firm.size_class,
        "main_ksic": firm.main_ksic,
        "summary_ko": firm.summary_ko,
        "summary_en": firm.summary_en,
        "is_public": "on",
    }
    form = FirmProfileForm(data, instance=firm)
    assert form.is_valid(), form.errors
    assert form.changes() == {"employees": 60}
    assert firm.employees == 42  # validation ran on a copy


@pytest.mark.django_db
def test_service_errors_land_on_their_field():
    firm = FirmFactory()
    form = _register()
    assert form.is_valid()
    add_service_errors(form, FirmAlreadyRegistered(firm))
    assert form.errors["business_number"] == [
        "This business number is already registered. You can ask the firm's members for access."
    ]


# --- revenues -----------------------------------------------------------------------------------


def test_won_accepts_separators_and_refuses_fractions():
    field = WonField()
    assert field.clean("1,200,000,000") == 1_200_000_000
    assert field.clean(" 5 000 ") == 5000
    with pytest.raises(Exception, match="whole number"):
        field.clean("12.5")
    with pytest.raises(Exception, match="greater than or equal to 0"):
        field.clean("-1")


def test_revenue_rows_check_their_figures():
    form = RevenueForm({"y2025-smart_revenue": "10"}, year=2025)
    assert not form.is_valid()
    assert form.errors == {"revenue": ["Enter the revenue of this year, or leave the row empty."]}
    form = RevenueForm({"y2025-revenue": "10", "y2025-smart_revenue": "11"}, year=2025)
    assert not form.is_valid()
    assert list(form.errors) == ["smart_revenue"]
    form = RevenueForm({}, year=2025)
    assert form.is_valid() and form.is_empty


def test_the_last_three_years_follow_the_date_in_seoul(monkeypatch):
    # 31 December 2025, 16:00 UTC is already 1 January 2026 in Seoul.
    utc_evening = datetime.datetime(2025, 12, 31, 16, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: utc_evening)
    assert last_completed_years() == [2025, 2024, 2023]


# --- taxonomy, capabilities, certifications -----------------------------------------------------


@pytest.mark.django_db
def test_capability_choices_are_grouped_by_area_and_field():
    taxonomy = Taxonomy(selectors.taxonomy_tree())
    form = CapabilityForm(taxonomy=taxonomy)
    label, options = form.fields["tag"].choices[1]
    assert label == "Automation devices · Identification and machine vision"
    assert [name for _value, name in options] == [
        "Barcode",
        "RFID",
        "AI vision inspection",
        "3D vision measurement",
    ]
    with translation.override("ko"):
        korean = Taxonomy(selectors.taxonomy_tree())
    assert korean.groups[0][0] == "자동화기기 · 식별·머신비전"


@pytest.mark.django_db
def test_a_capability_form_returns_the_tag_and_refuses_one_taken():
    tag = SolutionTag.objects.get(code="INFO-MES-MES")
    taxonomy = Taxonomy(selectors.taxonomy_tree())
    form = CapabilityForm({"tag": str(tag.pk)}, taxonomy=taxonomy)
    assert form.is_valid()
    assert form.cleaned_data == {"tag": tag, "product_name": "", "description": ""}
    form = CapabilityForm({"tag": str(tag.pk)}, taxonomy=taxonomy, taken_tag_ids=[tag.pk])
    assert not form.is_valid()
    assert form.errors.as_data()["tag"][0].code == "duplicate"


@pytest.mark.django_db
def test_a_certification_open_ended_is_fine():
    form = CertificationForm({"kind": "VENTURE", "valid_from": "2025-02-01"})
    assert form.is_valid(), form.errors
    assert form.values(["kind", "valid_until"]) == {"kind": "VENTURE", "valid_until": None}


# --- deployments and outcomes -------------------------------------------------------------------


def _deployment(taxonomy, **overrides) -> DeploymentForm:
    data = {
        "title": "AI 비전 검사",
        "customer_name": "가나정밀",
        "customer_ksic": "c29",
        "customer_region": "gyeongnam",
        "year": "2024",
    }
    return DeploymentForm(data | overrides, taxonomy=taxonomy)


@pytest.mark.django_db
def test_a_deployment_form_cleans_tags_to_the_taxonomy_and_groups_the_boxes():
    taxonomy = Taxonomy(selectors.taxonomy_tree())
    tags = list(SolutionTag.objects.filter(code__in=["AUTO-VISION-AI", "CONN-CTRL-PLC"]))
    form = _deployment(taxonomy, tags=[str(tag.pk) for tag in tags])
    assert form.is_valid(), form.errors
    assert sorted(form.cleaned_data["tags"], key=lambda t: t.pk) == sorted(tags, key=lambda t: t.pk)
    assert form.deployment_values()["customer_ksic"] == "C29"
    groups = form.tag_groups()
    assert len(groups) == 15
    ticked = [label for label, _boxes, any_ticked in groups if any_ticked]
    assert ticked == [
        "Automation devices · Identification and machine vision",
        "Connectivity devices · Control and controllers",
    ]


@pytest.mark.django_db
def test_a_deployment_cannot_be_in_the_future(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: datetime.date(2026, 5, 1))
    taxonomy = Taxonomy(selectors.taxonomy_tree())
    assert _deployment(taxonomy, year="2026").is_valid()
    form = _deployment(taxonomy, year="2027")
    assert not form.is_valid()
    assert form.errors["year"] == ["Ensure this value is less than or equal to 2026."]


def _outcome(evidence=None, instance=None) -> OutcomeForm:
    data = {
        "category": "P",
        "metric": "OEE",
        "unit": "%",
        "baseline": "60",
        "result": "78.5",
        "period": "",
    }
    files = {"evidence": evidence} if evidence else {}
    return OutcomeForm(data, files, instance=instance)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content"), [("evidence.pdf", PDF), ("photo.png", PNG)])
def test_an_outcome_takes_a_pdf_or_png(name, content):
    form = _outcome(SimpleUploadedFile(name, content))
    assert form.is_valid(), form.errors
    values = form.outcome_values()
    assert values["evidence"].name == name
    assert values["baseline"] == Decimal("60") and values["result"] == Decimal("78.5")


@pytest.mark.django_db
def test_an_outcome_refuses_a_file_by_its_content():
    form = _outcome(SimpleUploadedFile("fake.pdf", b"<html>not a pdf</html>"))
    assert not form.is_valid()
    assert form.errors.as_data()["evidence"][0].code == "file_type"


@pytest.mark.django_db
def test_an_outcome_without_a_new_file_keeps_the_old_one():
    outcome = OutcomeFactory(evidence=SimpleUploadedFile("a.pdf", PDF))
    form = _outcome(instance=outcome)
    assert form.is_valid(), form.errors
    assert "evidence" not in form.outcome_values()
    assert "remove_evidence" in form.fields
    assert "remove_evidence" not in _outcome().fields


@pytest.mark.django_db
def test_the_customer_answers_every_outcome():
    deployment = DeploymentFactory()
    first = OutcomeFactory(deployment=deployment)
    second = OutcomeFactory(deployment=deployment)
    data = {
        f"answer_{first.pk}": "CONFIRMED",
        f"answer_{second.pk}": "DISPUTED",
        f"comment_{second.pk}": "  수치가 다릅니다 ",
    }
    form = ConfirmationResponseForm(data, outcomes=[first, second])
    assert form.is_valid(), form.errors
    assert form.answers() == {
        first.pk: (ConfirmationStatus.CONFIRMED, ""),
        second.pk: (ConfirmationStatus.DISPUTED, "수치가 다릅니다"),
    }
    form = ConfirmationResponseForm({f"answer_{first.pk}": "MAYBE"}, outcomes=[first, second])
    assert not form.is_valid()
    assert set(form.errors) == {f"answer_{first.pk}", f"answer_{second.pk}"}


def test_each_search_form_has_fields_and_widgets_of_its_own():
    """The search form's fields are copied lightly for each form (LightlyCopiedFields): what a
    form changes of its fields stays with it, and it validates as Django's deep copies did."""
    tech_fields = [
        type("Field", (), {"code": "AUTO", "name_ko": "자동화", "name_en": "Automation"})
    ]
    page = SupplierSearchForm({"region": "gyeongnam"}, tech_fields=tech_fields)
    api = SupplierSearchForm({"region": "nowhere", "designated": "maybe"})
    assert [code for code, _ in page.fields["field"].widget.choices] == ["", "AUTO"]
    assert api.fields["field"].widget is not page.fields["field"].widget
    assert not hasattr(api.fields["field"].widget, "choices")  # a text input, as declared
    for name, field in api.fields.items():
        assert field is not page.fields[name]
        assert field.widget.attrs is not page.fields[name].widget.attrs
    api.fields["search"].widget.attrs["class"] += " is-invalid"
    assert page.fields["search"].widget.attrs["class"] == "form-control"
    assert SupplierSearchForm.base_fields["search"].widget.attrs.get("class") is None
    api.fields["industry"].regex = r"^X$"  # replaces the field's validator, in its own list
    page.data = {"industry": "C29"}
    assert page.is_valid() and page.criteria().industry == "C29"
    assert not api.is_valid() and set(api.errors) == {"region", "designated"}


def test_a_set_choice_field_checks_values_as_djangos_choice_field_does():
    def choices():
        return [("", "전체"), ("a", "가"), ("Group", [("b", "나"), ("c", "다")])]

    field = SetChoiceField(choices=choices, required=False)
    django_field = forms.ChoiceField(choices=choices, required=False)
    for value in ["", "a", "b", "c", "Group", "d", " a"]:
        assert field.valid_value(value) == django_field.valid_value(value), value
    with pytest.raises(forms.ValidationError) as refused:
        field.clean("d")
    assert refused.value.code == "invalid_choice"
    field.choices = [("x", "X")]  # choices set anew: their values with them
    assert field.valid_value("x") and not field.valid_value("a")


def test_the_search_form_refuses_unknown_choices_by_name():
    with translation.override("ko"):
        form = SupplierSearchForm(
            {"region": "gyeongnam", "size": "HUGE", "tier": "X", "ordering": "-name"}
        )
        assert not form.is_valid()
        assert set(form.errors) == {"size", "tier"}
        assert "HUGE" in form.errors["size"][0]
