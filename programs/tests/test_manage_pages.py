"""The programme managers' and the ministry's pages: programmes, rules, eligible firms and their
export, referrals, support given, statistics.

Pages are asked for in English (the language cookie) so that assertions read the source strings;
the export is Korean whatever the page's language.
"""

import csv
import datetime
import io

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from accounts.tests.factories import UserFactory
from designations.tests.factories import make_designation
from programs import services
from programs.enums import EligibilityStatus, ProgrammeKind, ReferralStatus, RuleKind
from programs.models import Eligibility, Programme, SupportRecord
from programs.tests.factories import (
    ProgrammeFactory,
    ReferralFactory,
    RuleFactory,
    SupportRecordFactory,
)
from registry.models import AuditEntry, OutboxMessage
from registry.tests.pages import assert_login_redirect, text
from suppliers.enums import Region, SizeClass, Tier
from suppliers.tests.factories import CapabilityFactory, FirmFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def manager(db):
    return UserFactory(roles=["program_manager"], totp=True, email="manager@example.kr")


@pytest.fixture
def other_manager(db):
    """Manages another programme, not `programme`."""
    user = UserFactory(roles=["program_manager"], totp=True, email="other@example.kr")
    ProgrammeFactory().managers.add(user)
    return user


@pytest.fixture
def programme(manager):
    programme = ProgrammeFactory(kind=ProgrammeKind.LOAN)
    programme.managers.add(manager)
    return programme


@pytest.fixture
def referral(programme, member):
    return ReferralFactory(programme=programme, firm=member.firm)


def eligibility(firm, programme, status=EligibilityStatus.ELIGIBLE, results=None):
    return Eligibility.objects.create(
        firm=firm, programme=programme, status=status,
        failed=0 if status == EligibilityStatus.ELIGIBLE else 1, results=results or [],
    )  # fmt: skip


def get_as(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


# --- permissions --------------------------------------------------------------------------------

PROGRAMME_PAGES = [
    "programme_edit",
    "programme_rules",
    "eligible_firms",
    "eligible_firms_export",
    "referral_inbox",
    "support_record_create",
]


@pytest.mark.parametrize("name", PROGRAMME_PAGES)
def test_a_programmes_pages_are_its_managers_and_the_officers(
    name, client, programme, manager, other_manager, officer, plain_user
):
    """A published programme is seen by anyone: who may not manage it gets 403, as in the API."""
    url = reverse(name, args=[programme.pk])
    assert get_as(client, manager, url).status_code == 200
    assert get_as(client, officer, url).status_code == 200
    assert get_as(client, other_manager, url).status_code == 403
    assert get_as(client, plain_user, url).status_code == 403
    client.logout()
    assert_login_redirect(client.get(url))


@pytest.mark.parametrize("name", PROGRAMME_PAGES)
def test_an_unpublished_programme_is_a_404_for_whoever_does_not_manage_it(
    name, client, programme, manager, other_manager, officer, plain_user
):
    programme.is_published = False
    programme.save()
    url = reverse(name, args=[programme.pk])
    assert get_as(client, manager, url).status_code == 200
    assert get_as(client, officer, url).status_code == 200
    assert get_as(client, other_manager, url).status_code == 404
    assert get_as(client, plain_user, url).status_code == 404


@pytest.mark.parametrize("name", PROGRAMME_PAGES)
def test_a_missing_programme_is_a_404_for_anyone(name, client, plain_user, manager):
    for user in (plain_user, manager):
        assert get_as(client, user, reverse(name, args=[999999])).status_code == 404


def test_the_referral_page_is_the_programmes_managers_and_the_officers(
    client, referral, manager, other_manager, officer, plain_user, member
):
    url = reverse("referral_detail", args=[referral.pk])
    assert get_as(client, manager, url).status_code == 200
    assert get_as(client, officer, url).status_code == 200
    assert get_as(client, other_manager, url).status_code == 404
    assert get_as(client, plain_user, url).status_code == 404
    # The firm's own member sees the referral (on the firm's pages) but does not decide on it.
    assert get_as(client, member, url).status_code == 403
    client.logout()
    assert_login_redirect(client.get(url))


def test_deciding_is_refused_to_another_manager_and_to_the_firm(
    client, referral, other_manager, member
):
    url = reverse("referral_detail", args=[referral.pk])
    client.force_login(other_manager)
    assert client.post(url, {"to": "ACCEPTED"}).status_code == 404
    client.force_login(member)
    assert client.post(url, {"to": "ACCEPTED"}).status_code == 403
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    assert not OutboxMessage.objects.filter(kind="referral.decided").exists()


def test_my_programmes_and_new_programme_need_the_role(
    client, manager, programme, officer, plain_user
):
    for name in ("programme_manage", "programme_create"):
        url = reverse(name)
        assert get_as(client, manager, url).status_code == 200
        assert get_as(client, officer, url).status_code == 200
        assert get_as(client, plain_user, url).status_code == 403
        client.logout()
        assert_login_redirect(client.get(url))


def test_a_manager_without_the_role_still_sees_the_programmes_added_to(client, plain_user):
    programme = ProgrammeFactory()
    programme.managers.add(plain_user)
    response = get_as(client, plain_user, reverse("programme_manage"))
    assert response.status_code == 200
    assert [p.pk for p in response.context["programmes"]] == [programme.pk]
    assert response.context["can_add"] is False
    assert get_as(client, plain_user, reverse("programme_create")).status_code == 403


def test_statistics_are_the_officers(client, officer, manager, plain_user):
    url = reverse("programme_statistics")
    assert get_as(client, officer, url).status_code == 200
    assert get_as(client, manager, url).status_code == 403
    assert get_as(client, plain_user, url).status_code == 403
    client.logout()
    assert_login_redirect(client.get(url))


# --- my programmes ------------------------------------------------------------------------------


def test_my_programmes_counts_firms_referrals_and_support(
    client, manager, programme, other_manager
):
    firms = [FirmFactory() for _ in range(4)]
    eligibility(firms[0], programme)
    eligibility(firms[1], programme)
    eligibility(firms[2], programme, EligibilityStatus.ALMOST)
    eligibility(firms[3], programme, EligibilityStatus.NOT_ELIGIBLE)
    ReferralFactory(programme=programme, firm=firms[0])
    ReferralFactory(programme=programme, firm=firms[1], status=ReferralStatus.DECLINED)
    SupportRecordFactory(programme=programme, firm=firms[0], amount=1_200_000_000)
    SupportRecordFactory(programme=programme, firm=firms[1], amount=300_000_000)
    response = get_as(client, manager, reverse("programme_manage"))
    [row] = response.context["programmes"]
    assert (row.pk, row.eligible_count, row.almost_count, row.open_referrals) == (
        programme.pk, 2, 1, 1,
    )  # fmt: skip
    assert (row.support_count, row.support_won) == (2, 1_500_000_000)
    page = text(response)
    assert programme.name_en in page
    assert "1,500,000,000" in page
    assert reverse("programme_create") in response.content.decode()


def test_an_officer_sees_every_programme(client, officer, programme, other_manager):
    response = get_as(client, officer, reverse("programme_manage"))
    assert len(response.context["programmes"]) == Programme.objects.count() == 2


@pytest.mark.parametrize("count", [1, 3])
def test_my_programmes_costs_the_same_for_1_and_3(count, manager, same_cost):
    def add():
        programme = ProgrammeFactory()
        programme.managers.add(manager)
        eligibility(FirmFactory(), programme)
        SupportRecordFactory(programme=programme)

    # session, user, roles, two-factor check, programmes with their counts
    assert same_cost(manager, reverse("programme_manage"), add) == 5


# --- the programme form ---------------------------------------------------------------------------


def programme_data(**overrides) -> dict:
    data = {
        "name_ko": "제조현장스마트화자금",
        "name_en": "Smart factory loans",
        "provider_ko": "중소벤처기업진흥공단",
        "provider_en": "KOSME",
        "kind": "LOAN",
        "description_ko": "스마트공장 도입 기업에 정책자금을 융자합니다.",
        "description_en": "Policy loans for smart-factory adoption.",
        "max_amount": "1,200,000,000",
        "rate_discount": "0.5",
        "guarantee_coverage": "",
        "bonus_points": "",
        "opens_on": "2026-03-01",
        "closes_on": "2026-11-30",
        "url": "www.kosmes.or.kr",
        "stages": ["EARLY", "GROWTH"],
        "is_published": "on",
    }
    return {**data, **overrides}


def test_a_manager_creates_a_programme_and_manages_it(client, manager):
    client.force_login(manager)
    response = client.post(reverse("programme_create"), programme_data())
    programme = Programme.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("programme_rules", args=[programme.pk])
    assert (programme.max_amount, str(programme.rate_discount)) == (1_200_000_000, "0.50")
    assert (programme.opens_on, programme.closes_on) == (
        datetime.date(2026, 3, 1), datetime.date(2026, 11, 30),
    )  # fmt: skip
    assert programme.stages == ["EARLY", "GROWTH"]
    assert programme.url == "https://www.kosmes.or.kr"
    assert list(programme.managers.all()) == [manager]
    entry = AuditEntry.objects.get(action="programme.save")
    assert (entry.actor, entry.scope) == (manager, programme.audit_scope)


def test_the_window_cannot_close_before_it_opens_and_the_form_keeps_what_was_typed(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("programme_create"),
        programme_data(opens_on="2026-11-30", closes_on="2026-03-01", max_amount="7,000,000"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"closes_on": ["Applications cannot close before they open."]}
    page = response.content.decode()
    assert 'value="제조현장스마트화자금"' in page
    assert 'value="7,000,000"' in page
    assert not Programme.objects.exists()


def test_a_coverage_over_100_percent_is_refused(client, manager):
    client.force_login(manager)
    response = client.post(reverse("programme_create"), programme_data(guarantee_coverage="120"))
    assert response.context["form"].errors == {
        "guarantee_coverage": ["The guarantee coverage is a percentage: 100 at most."]
    }
    assert not Programme.objects.exists()


def test_editing_saves_only_the_changes_through_the_service(client, manager, programme):
    client.force_login(manager)
    url = reverse("programme_edit", args=[programme.pk])
    form = client.get(url).context["form"]
    assert form["max_amount"].value() == 400_000_000
    data = programme_data(name_ko=programme.name_ko, max_amount="500,000,000")
    response = client.post(url, data)
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.max_amount == 500_000_000
    entry = AuditEntry.objects.get(action="programme.save")
    assert entry.changes["max_amount"] == [400_000_000, 500_000_000]
    assert "name_ko" not in entry.changes


# --- the rules editor ---------------------------------------------------------------------------


def rules_post(*rows: dict, action: str = "save") -> dict:
    """The editor's form as a browser sends it: rows of inputs, and the button pressed."""
    data = {
        "rules-TOTAL_FORMS": str(len(rows)),
        "rules-INITIAL_FORMS": "0",
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "1000",
        action.split("=")[0]: action.split("=")[1] if "=" in action else "1",
    }
    for index, row in enumerate(rows):
        row = {"shown_kind": row.get("kind", ""), **row}
        data.update({f"rules-{index}-{name}": value for name, value in row.items()})
    return data


def as_posted(formset) -> dict:
    """What the rendered editor sends back untouched."""
    data = {
        "rules-TOTAL_FORMS": str(formset.total_form_count()),
        "rules-INITIAL_FORMS": "0",
        "save": "1",
    }
    for form in formset:
        for name in form.fields:
            value = form[name].value()
            if name == "shown_kind":
                value = form.current_kind
            if isinstance(value, datetime.date):
                value = value.isoformat()
            data[form.add_prefix(name)] = "" if value is None else value
    return data


RULE_ROWS = [
    ({"kind": "VALID_DESIGNATION", "on": "date", "on_date": "2026-12-31"}, {"on": "2026-12-31"}),
    ({"kind": "VALID_DESIGNATION", "on": "window_end"}, {"on": "window_end"}),
    ({"kind": "MIN_TIER", "tier": "LEADING"}, {"tier": "LEADING"}),
    ({"kind": "FIELDS", "codes": ["AUTO-VISION", "INFO"]}, {"codes": ["AUTO-VISION", "INFO"]}),
    ({"kind": "SIZES", "sizes": ["SMALL", "MEDIUM"]}, {"sizes": ["SMALL", "MEDIUM"]}),
    ({"kind": "REGIONS", "regions": ["gyeongnam", "busan"]}, {"regions": ["gyeongnam", "busan"]}),
    ({"kind": "MIN_YEARS", "years": "3"}, {"years": 3}),
    (
        {
            "kind": "SUPPORT_RECEIVED",
            "scope": "any",
            "max_count": "1",
            "max_amount": "500,000,000",
            "within_years": "3",
        },
        {"scope": "any", "max_count": 1, "max_amount": 500_000_000, "years": 3},
    ),
]


@pytest.mark.parametrize(("row", "params"), RULE_ROWS)
def test_each_kind_of_rule_round_trips_through_the_editor(client, manager, programme, row, params):
    client.force_login(manager)
    url = reverse("programme_rules", args=[programme.pk])
    assert client.post(url, rules_post(row)).status_code == 302
    [rule] = programme.rules.all()
    assert (rule.kind, rule.params, rule.order) == (row["kind"], params, 0)
    page = client.get(url)
    formset = page.context["formset"]
    assert len(page.context["words"]) == 1
    # Sent back as shown, the rules stay exactly as they are: nothing written, nothing audited.
    client.post(url, as_posted(formset))
    [again] = programme.rules.all()
    assert (again.pk, again.params) == (rule.pk, params)
    assert AuditEntry.objects.filter(action="programme.rules").count() == 1


def test_saving_rules_says_eligibility_is_being_recomputed(client, manager, programme):
    client.force_login(manager)
    url = reverse("programme_rules", args=[programme.pk])
    response = client.post(url, rules_post(*(row for row, _params in RULE_ROWS[2:5])), follow=True)
    assert [r.kind for r in programme.rules.all()] == ["MIN_TIER", "FIELDS", "SIZES"]
    assert "Every firm's eligibility is being recomputed" in text(response)
    assert response.context["words"] == [
        "A designation of tier Leading.",
        "Solutions in one of: Identification and machine vision, Information solutions.",
        "Firm size: Small enterprise, Medium enterprise.",
    ]
    entry = AuditEntry.objects.get(action="programme.rules")
    assert (entry.actor, entry.scope) == (manager, programme.audit_scope)


def test_the_rules_in_words(client, manager, programme):
    RuleFactory(programme=programme, kind="VALID_DESIGNATION", params={"on": "today"}, order=0)
    RuleFactory(programme=programme, kind="REGIONS", params={"regions": ["busan"]}, order=1)
    RuleFactory(programme=programme, kind="MIN_YEARS", params={"years": 3}, order=2)
    RuleFactory(
        programme=programme, kind="SUPPORT_RECEIVED", order=3,
        params={"scope": "programme", "max_count": 0, "max_amount": 100_000_000, "years": 3},
    )  # fmt: skip
    response = get_as(client, manager, reverse("programme_rules", args=[programme.pk]))
    assert response.context["words"] == [
        "A valid designation.",
        "Located in: Busan.",
        "At least 3 years in business.",
        "No support from this programme in the last 3 years. At most 100,000,000 won in total.",
    ]


def test_a_services_error_shows_on_its_row_and_nothing_is_saved(client, manager, programme):
    RuleFactory(programme=programme, kind="MIN_YEARS", params={"years": 5})
    client.force_login(manager)
    url = reverse("programme_rules", args=[programme.pk])
    response = client.post(
        url, rules_post({"kind": "MIN_TIER", "tier": "GROWTH"}, {"kind": "FIELDS"})
    )
    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.forms[0].errors == {}
    assert formset.forms[1].non_field_errors() == ["Choose at least one field."]
    assert '<div class="alert alert-danger py-2" role="alert" id="rule-1-errors">' in (
        response.content.decode()
    )
    assert response.context["words"] == ["A designation of any tier (Growth or Leading)."]
    assert [(r.kind, r.params) for r in programme.rules.all()] == [("MIN_YEARS", {"years": 5})]


def test_an_empty_row_is_skipped_and_errors_map_to_the_rows_shown(client, manager, programme):
    client.force_login(manager)
    response = client.post(
        reverse("programme_rules", args=[programme.pk]),
        rules_post({"kind": ""}, {"kind": "REGIONS"}),
    )
    formset = response.context["formset"]
    assert formset.forms[0].errors == {}
    assert formset.forms[1].non_field_errors() == ["Choose at least one region."]


def test_a_missing_number_is_a_field_error(client, manager, programme):
    client.force_login(manager)
    response = client.post(
        reverse("programme_rules", args=[programme.pk]),
        rules_post({"kind": "MIN_YEARS", "years": ""}, {"kind": "VALID_DESIGNATION", "on": "date"}),
    )
    formset = response.context["formset"]
    assert formset.forms[0].errors == {"years": ["This field is required."]}
    assert formset.forms[1].errors == {"on_date": ["Enter the date."]}
    assert not programme.rules.exists()


def test_adding_and_removing_rows_saves_nothing_and_keeps_what_was_typed(
    client, manager, programme
):
    client.force_login(manager)
    url = reverse("programme_rules", args=[programme.pk])
    years = {"kind": "MIN_YEARS", "years": "7"}
    regions = {"kind": "REGIONS", "regions": ["seoul", "jeju"]}
    added = client.post(url, rules_post(years, regions, action="add"))
    formset = added.context["formset"]
    assert [form["kind"].value() for form in formset] == ["MIN_YEARS", "REGIONS", None]
    assert formset.forms[1]["regions"].value() == ["seoul", "jeju"]
    assert added.context["words"] == ["At least 7 years in business.", "Located in: Seoul, Jeju."]
    removed = client.post(url, rules_post(years, regions, action="remove=0"))
    assert [form["kind"].value() for form in removed.context["formset"]] == ["REGIONS"]
    assert not programme.rules.exists()
    assert not AuditEntry.objects.exists()


def test_a_rule_whose_kind_changed_shows_its_inputs_before_saving(client, manager, programme):
    """Without JavaScript the new kind's inputs were never shown: nothing is saved with defaults
    the manager did not see."""
    client.force_login(manager)
    url = reverse("programme_rules", args=[programme.pk])
    response = client.post(url, rules_post({"kind": "MIN_TIER", "shown_kind": ""}))
    assert response.status_code == 200
    assert "Set the details of the rules whose kind you chose, then save." in text(response)
    [form] = response.context["formset"]
    assert [field.name for field in form.param_fields()] == ["tier"]
    assert 'name="rules-0-shown_kind" value="MIN_TIER"' in response.content.decode()
    assert not programme.rules.exists()


# --- eligible firms -----------------------------------------------------------------------------


def designated_firm(**firm_values):
    firm = FirmFactory(**firm_values)
    designation = make_designation(firm, valid_from=datetime.date(2025, 6, 2), tier=Tier.GROWTH)
    firm.refresh_from_db()
    return firm, designation


def test_eligible_and_almost_eligible_firms_with_what_they_miss(client, manager, programme):
    RuleFactory(programme=programme, kind="VALID_DESIGNATION", params={"on": "today"}, order=0)
    RuleFactory(programme=programme, kind="REGIONS", params={"regions": ["gyeongnam"]}, order=1)
    eligible, designation = designated_firm(name_ko="가나정밀")
    almost, _designation = designated_firm(name_ko="다라정밀", region=Region.BUSAN)
    services.eligibility_refresh(programme_ids=[programme.pk])
    url = reverse("eligible_firms", args=[programme.pk])
    response = get_as(client, manager, url)
    assert [e.firm for e in response.context["page"]] == [eligible]
    tabs = [(tab["label"], tab["count"], tab["current"]) for tab in response.context["tabs"]]
    assert tabs == [("Eligible", 1, True), ("Almost eligible", 1, False)]
    row = text(response).split("Computed at")[1]
    firm_cells = f"{eligible.name_en} {eligible.business_number_display} Gyeongnam Small enterprise"
    assert f"{firm_cells} Growth {designation.number}" in row
    response = client.get(url + "?status=ALMOST")
    [entry] = response.context["page"]
    assert (entry.firm, entry.missing) == (
        almost, ["For firms in Gyeongnam only; yours is in Busan."]
    )  # fmt: skip
    assert "For firms in Gyeongnam only; yours is in Busan." in text(response)


@pytest.mark.parametrize("count", [1, 3])
def test_eligible_firms_cost_the_same_for_1_and_3(count, manager, programme, same_cost):
    # session, user, roles, two-factor check, managed programmes, the programme, tab counts,
    # page count, page
    url = reverse("eligible_firms", args=[programme.pk])
    assert same_cost(manager, url, lambda: eligibility(FirmFactory(), programme)) == 9


def test_the_export_is_the_eligible_firms_in_korean_and_is_audited(client, manager, programme):
    RuleFactory(programme=programme, kind="VALID_DESIGNATION", params={"on": "today"}, order=0)
    RuleFactory(programme=programme, kind="SIZES", params={"sizes": ["SMALL"]}, order=1)
    firm, designation = designated_firm(name_ko="=가나정밀")
    designated_firm(size_class=SizeClass.MEDIUM)  # almost eligible: not exported
    services.eligibility_refresh(programme_ids=[programme.pk])
    response = get_as(client, manager, reverse("eligible_firms_export", args=[programme.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="programme-{programme.pk}-eligible-{today.isoformat()}.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    with translation.override("ko"):
        header = [
            gettext(name) for name in ("Firm", "Business registration number", "Region",
                                       "Firm size", "Tier", "Designation number", "Valid until",
                                       "Status", "Reasons")
        ]  # fmt: skip
        reasons = " / ".join(
            [
                gettext("Valid designation %(number)s on %(day)s (until %(until)s).") % {
                    "number": designation.number, "day": date_format(today, "DATE_FORMAT"),
                    "until": date_format(designation.valid_until, "DATE_FORMAT"),
                },
                gettext("Firm size fits (%(allowed)s).") % {"allowed": "소기업"},
            ]
        )  # fmt: skip
        status = str(EligibilityStatus.ELIGIBLE.label)
    row = [
        "'=가나정밀", firm.business_number_display, "경남", "소기업", "성장", designation.number,
        designation.valid_until.isoformat(), status, reasons,
    ]  # fmt: skip
    content = response.content.decode("utf-8-sig")
    assert content.endswith("\r\n")
    assert list(csv.reader(io.StringIO(content))) == [header, row]
    entry = AuditEntry.objects.get(action="programme.export_eligible")
    assert (entry.actor, entry.scope, entry.object_id) == (
        manager, programme.audit_scope, str(programme.pk),
    )  # fmt: skip
    assert entry.changes == {"status": [None, "ELIGIBLE"], "firms": [None, 1]}


def test_a_refused_export_writes_no_audit_row(client, other_manager, programme):
    assert get_as(
        client, other_manager, reverse("eligible_firms_export", args=[programme.pk])
    ).status_code == 403  # fmt: skip
    assert not AuditEntry.objects.filter(action="programme.export_eligible").exists()


# --- referrals ----------------------------------------------------------------------------------


def test_the_inbox_has_tabs_by_status_newest_first(client, manager, programme):
    now = timezone.now()
    old = ReferralFactory(programme=programme, created_at=now - datetime.timedelta(days=2))
    new = ReferralFactory(programme=programme, created_at=now)
    ReferralFactory(programme=programme, status=ReferralStatus.DECLINED)
    ReferralFactory()  # another programme's
    response = get_as(client, manager, reverse("referral_inbox", args=[programme.pk]))
    assert list(response.context["page"]) == [new, old]
    tabs = [(tab["label"], tab["count"], tab["current"]) for tab in response.context["tabs"]]
    assert tabs == [
        ("Sent", 2, True), ("Accepted", 0, False), ("Declined", 1, False), ("Withdrawn", 0, False),
    ]  # fmt: skip
    declined = client.get(reverse("referral_inbox", args=[programme.pk]) + "?status=DECLINED")
    assert [r.status for r in declined.context["page"]] == ["DECLINED"]


@pytest.mark.parametrize("count", [1, 3])
def test_the_inbox_costs_the_same_for_1_and_3(count, manager, programme, same_cost):
    # session, user, roles, two-factor check, managed programmes, the programme, tab counts,
    # page count, page
    url = reverse("referral_inbox", args=[programme.pk])
    assert same_cost(manager, url, lambda: ReferralFactory(programme=programme)) == 9


def sent_referral(programme, member):
    RuleFactory(programme=programme, kind="VALID_DESIGNATION", params={"on": "today"})
    designation = make_designation(member.firm)
    services.eligibility_refresh(firm_ids=[member.firm.pk], programme_ids=[programme.pk])
    referral = services.referral_create(
        firm=member.firm, programme=programme, actor=member, message="검토 부탁드립니다."
    )
    return referral, designation


def test_the_referral_shows_the_firms_snapshot(client, manager, programme, member):
    CapabilityFactory(firm=member.firm)
    referral, designation = sent_referral(programme, member)
    response = get_as(client, manager, reverse("referral_detail", args=[referral.pk]))
    page = text(response)
    firm = member.firm
    assert f"Business registration number {firm.business_number_display}" in page
    assert "Region Gyeongnam" in page
    assert f"Designation number {designation.number}" in page
    assert "Technology fields Identification and machine vision Revenue" in page
    assert "검토 부탁드립니다." in page
    assert f"Valid designation {designation.number} on" in page


def test_accepting_mails_the_firms_members(client, manager, programme, member):
    referral, _designation = sent_referral(programme, member)
    client.force_login(manager)
    url = reverse("referral_detail", args=[referral.pk])
    response = client.post(url, {"to": "ACCEPTED", "reason": ""}, follow=True)
    referral.refresh_from_db()
    assert (referral.status, referral.decided_by) == (ReferralStatus.ACCEPTED, manager)
    [mail] = OutboxMessage.objects.filter(kind="referral.decided")
    assert mail.to == member.email
    assert programme.name_ko in mail.subject
    assert "The referral is Accepted." in text(response)
    assert AuditEntry.objects.filter(action="referral.status", object_id=str(referral.pk)).exists()


def test_declining_needs_a_reason_which_the_firm_reads(client, manager, programme, member):
    referral, _designation = sent_referral(programme, member)
    client.force_login(manager)
    url = reverse("referral_detail", args=[referral.pk])
    response = client.post(url, {"to": "DECLINED", "reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["Say why the referral is declined."]}
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    assert not OutboxMessage.objects.filter(kind="referral.decided").exists()
    client.post(url, {"to": "DECLINED", "reason": "올해 예산이 소진되었습니다."})
    referral.refresh_from_db()
    assert (referral.status, referral.reason) == (
        ReferralStatus.DECLINED,
        "올해 예산이 소진되었습니다.",
    )
    [mail] = OutboxMessage.objects.filter(kind="referral.decided")
    assert (mail.to, "올해 예산이 소진되었습니다." in mail.body) == (member.email, True)


def test_a_decided_referral_cannot_be_decided_again(client, manager, programme, member):
    referral, _designation = sent_referral(programme, member)
    services.referral_transition(referral=referral, to="ACCEPTED", actor=manager)
    client.force_login(manager)
    response = client.post(
        reverse("referral_detail", args=[referral.pk]), {"to": "DECLINED", "reason": "x"}
    )
    assert response.status_code == 409
    assert response.context["can_decide"] is False
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


def test_an_unknown_decision_is_a_bad_request(client, manager, referral):
    client.force_login(manager)
    response = client.post(reverse("referral_detail", args=[referral.pk]), {"to": "WITHDRAWN"})
    assert response.status_code == 400


# --- support given ------------------------------------------------------------------------------


def test_support_is_recorded_by_business_number(client, manager, programme):
    firm = FirmFactory()
    client.force_login(manager)
    url = reverse("support_record_create", args=[programme.pk])
    form = client.get(url).context["form"]
    assert (form["kind"].value(), form["granted_on"].value()) == ("LOAN", timezone.localdate())
    response = client.post(url, {
        "business_number": firm.business_number_display, "kind": "LOAN",
        "amount": "1,200,000,000", "granted_on": "2026-04-15", "note": "1차 융자",
    })  # fmt: skip
    assert response.status_code == 302
    record = SupportRecord.objects.get()
    assert (record.firm, record.programme, record.kind, record.amount) == (
        firm, programme, "LOAN", 1_200_000_000,
    )  # fmt: skip
    assert (record.granted_on, record.note, record.recorded_by, record.referral) == (
        datetime.date(2026, 4, 15), "1차 융자", manager, None,
    )  # fmt: skip
    assert AuditEntry.objects.filter(action="support.record", scope=firm.audit_scope).exists()


def test_support_is_recorded_from_an_accepted_referral(client, manager, programme):
    accepted = ReferralFactory(programme=programme, status=ReferralStatus.ACCEPTED)
    ReferralFactory(programme=programme)  # still SENT: not offered
    client.force_login(manager)
    url = reverse("support_record_create", args=[programme.pk])
    choices = [pk for pk, _label in client.get(url).context["form"].fields["referral"].choices]
    assert [str(pk) for pk in choices] == ["", str(accepted.pk)]
    client.post(url, {"referral": accepted.pk, "kind": "LOAN", "amount": "50000000",
                      "granted_on": "2026-05-01"})  # fmt: skip
    record = SupportRecord.objects.get()
    assert (record.firm, record.referral) == (accepted.firm, accepted)


def test_the_support_form_says_what_is_wrong_and_keeps_what_was_typed(client, manager, programme):
    client.force_login(manager)
    url = reverse("support_record_create", args=[programme.pk])
    response = client.post(url, {"business_number": "123-45-67890", "kind": "LOAN",
                                 "amount": "3,000,000", "granted_on": "2026-05-01"})  # fmt: skip
    assert response.context["form"].errors == {
        "business_number": ["No firm in the registry has this number."]
    }
    assert 'value="3,000,000"' in response.content.decode()
    response = client.post(url, {"kind": "LOAN", "amount": "1", "granted_on": "2026-05-01"})
    assert response.context["form"].errors == {
        "business_number": [
            "Pick an accepted referral or enter the firm's business registration number."
        ]
    }
    assert not SupportRecord.objects.exists()


def test_support_is_listed_and_removed(client, manager, programme):
    record = SupportRecordFactory(programme=programme, amount=70_000_000)
    SupportRecordFactory()  # another programme's
    client.force_login(manager)
    url = reverse("support_record_create", args=[programme.pk])
    response = client.get(url)
    assert list(response.context["page"]) == [record]
    assert "70,000,000" in text(response)
    response = client.post(url, {"remove": record.pk})
    assert response.status_code == 302
    assert not SupportRecord.objects.filter(pk=record.pk).exists()
    assert AuditEntry.objects.filter(action="support.remove").exists()


def test_another_programmes_record_cannot_be_removed_here(client, manager, programme):
    record = SupportRecordFactory()
    client.force_login(manager)
    response = client.post(
        reverse("support_record_create", args=[programme.pk]), {"remove": record.pk}
    )
    assert response.status_code == 404
    assert SupportRecord.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("count", [1, 3])
def test_the_support_list_costs_the_same_for_1_and_3(count, manager, programme, same_cost):
    # session, user, roles, two-factor check, managed programmes, the programme, accepted
    # referrals, page count, page
    url = reverse("support_record_create", args=[programme.pk])
    add = lambda: SupportRecordFactory(programme=programme, recorded_by=manager)  # noqa: E731
    assert same_cost(manager, url, add) == 9


# --- statistics ---------------------------------------------------------------------------------


def test_statistics_per_programme_tier_and_region_for_this_year(client, officer):
    this_year = timezone.localdate().year
    loans = ProgrammeFactory(name_en="Loans")
    grants = ProgrammeFactory(name_en="Grants")
    leading = FirmFactory(region=Region.BUSAN, designation_tier=Tier.LEADING)
    growth = FirmFactory(region=Region.GYEONGNAM, designation_tier=Tier.GROWTH)
    on = datetime.date(this_year, 1, 10)
    SupportRecordFactory(programme=loans, firm=leading, amount=1_000_000_000, granted_on=on)
    SupportRecordFactory(programme=loans, firm=growth, amount=200_000_000, granted_on=on)
    SupportRecordFactory(programme=grants, firm=growth, amount=50_000_000, granted_on=on)
    SupportRecordFactory(
        programme=grants, firm=growth, amount=9, granted_on=datetime.date(this_year - 1, 12, 31)
    )
    response = get_as(client, officer, reverse("programme_statistics"))
    statistics = response.context["statistics"]

    def rows(key):
        return [
            (row["name"], row["grants"], row["firms"], row["amount"]) for row in statistics[key]
        ]

    assert rows("programme") == [("Loans", 2, 2, 1_200_000_000), ("Grants", 1, 1, 50_000_000)]
    assert rows("tier") == [("Leading", 1, 1, 1_000_000_000), ("Growth", 2, 1, 250_000_000)]
    assert rows("region") == [("Busan", 1, 1, 1_000_000_000), ("Gyeongnam", 2, 1, 250_000_000)]
    assert response.context["totals"] == {"grants": 3, "firms": 2, "amount": 1_250_000_000}
    assert (response.context["since"], response.context["until"]) == (
        datetime.date(this_year, 1, 1), datetime.date(this_year, 12, 31),
    )  # fmt: skip
    assert "1,250,000,000" in text(response)
    last_year = client.get(
        reverse("programme_statistics"),
        {"since": f"{this_year - 1}-01-01", "until": f"{this_year - 1}-12-31"},
    )
    assert last_year.context["totals"] == {"grants": 1, "firms": 1, "amount": 9}
    assert [row["name"] for row in last_year.context["statistics"]["tier"]] == ["Growth"]


def test_statistics_in_korean_formats_numbers_and_names(client, officer):
    firm = FirmFactory(region=Region.GYEONGNAM)
    SupportRecordFactory(firm=firm, amount=1_200_000_000, granted_on=timezone.localdate())
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "ko"
    page = text(get_as(client, officer, reverse("programme_statistics")))
    assert "경남 1 1 1,200,000,000" in page


def test_a_period_that_ends_before_it_starts_shows_this_year(client, officer):
    response = get_as(
        client, officer, reverse("programme_statistics") + "?since=2026-05-01&until=2026-01-01"
    )
    year = timezone.localdate().year
    assert response.context["since"] == datetime.date(year, 1, 1)
    assert response.context["form"].errors == {"until": ["The period cannot end before it starts."]}


@pytest.mark.parametrize("count", [1, 3])
def test_statistics_cost_the_same_for_1_and_3(count, officer, same_cost):
    today = timezone.localdate()
    # session, user, roles, two-factor check, totals, by programme, by tier, by region
    assert same_cost(
        officer,
        reverse("programme_statistics"),
        lambda: SupportRecordFactory(granted_on=today, firm=FirmFactory(region=Region.SEOUL)),
    ) == 8  # fmt: skip


# --- the admin ----------------------------------------------------------------------------------


def test_the_admin_edits_a_programme_through_the_service(client, programme, manager):
    admin = UserFactory(is_staff=True, is_superuser=True, totp=True)
    client.force_login(admin)
    url = reverse("admin:programs_programme_change", args=[programme.pk])
    data = {
        **{name: "" for name in services.PROGRAMME_FIELDS},
        "name_ko": programme.name_ko, "provider_ko": programme.provider_ko, "kind": "GUARANTEE",
        "max_amount": "400000000", "stages": ["GROWTH"], "is_published": "on",
        "managers": [manager.pk],
        "rules-TOTAL_FORMS": "0", "rules-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    programme.refresh_from_db()
    assert programme.kind == "GUARANTEE"
    assert AuditEntry.objects.get(action="programme.save").changes["kind"] == ["LOAN", "GUARANTEE"]
    assert get_as(client, admin, reverse("admin:programs_referral_changelist")).status_code == 200


def test_a_rule_made_by_the_factory_is_read_by_the_editor(client, manager, programme):
    RuleFactory(programme=programme, kind=RuleKind.MIN_TIER, params={"tier": "GROWTH"})
    response = get_as(client, manager, reverse("programme_rules", args=[programme.pk]))
    [form] = response.context["formset"]
    assert (form["kind"].value(), form["tier"].value()) == ("MIN_TIER", "GROWTH")


def test_the_admin_adds_a_programme_through_the_service(client, manager):
    admin = UserFactory(is_staff=True, is_superuser=True, totp=True)
    client.force_login(admin)
    data = {
        **{name: "" for name in services.PROGRAMME_FIELDS},
        "name_ko": "수출바우처", "provider_ko": "KOTRA", "kind": "EXPORT", "stages": ["GLOBAL"],
        "managers": [manager.pk], "rules-TOTAL_FORMS": "0", "rules-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = client.post(reverse("admin:programs_programme_add"), data)
    assert response.status_code == 302
    programme = Programme.objects.get()
    assert (programme.name_ko, programme.kind) == ("수출바우처", "EXPORT")
    assert programme.stages == ["GLOBAL"]
    assert list(programme.managers.all()) == [manager]
    assert AuditEntry.objects.filter(action="programme.save", scope=programme.audit_scope).exists()


# --- in Korean ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PROGRAMME_PAGES)
def test_the_pages_render_in_korean(name, client, manager, programme, member):
    client.cookies.pop(django_settings.LANGUAGE_COOKIE_NAME)
    RuleFactory(programme=programme, kind="REGIONS", params={"regions": ["gyeongnam"]})
    services.eligibility_refresh(programme_ids=[programme.pk])
    ReferralFactory(programme=programme, firm=member.firm)
    SupportRecordFactory(programme=programme, firm=member.firm)
    response = get_as(client, manager, reverse(name, args=[programme.pk]))
    assert response.status_code == 200
    if name != "eligible_firms_export":
        assert '<html lang="ko">' in response.content.decode()
