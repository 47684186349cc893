"""The eligibility gates on plain objects: each threshold comes from the call."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from designations.gates import evaluate_gates
from suppliers.enums import SizeClass

TODAY = date(2026, 11, 24)


@dataclass
class FakeCall:
    track: str = "SME"
    gate_min_years: int = 3
    gate_min_smart_share: int = 50
    gate_min_researchers: int = 2
    gate_min_rnd_ratio: Decimal = Decimal("2.00")
    gate_min_deployments: int = 3
    gate_deployment_years: int = 3

    def get_track_display(self) -> str:
        return {"SME": "SME track", "MIDSIZE": "Mid-size track"}[self.track]


@dataclass
class FakeFirm:
    size_class: str = SizeClass.SMALL
    founded_on: date | None = date(2018, 1, 1)

    def get_size_class_display(self) -> str:
        return SizeClass(self.size_class).label


@dataclass
class FakeDeployment:
    year: int


@dataclass
class Case:
    call: FakeCall = field(default_factory=FakeCall)
    firm: FakeFirm = field(default_factory=FakeFirm)
    figures: dict = field(
        default_factory=lambda: {
            "2023": {"revenue": 1000, "smart_revenue": 600},
            "2024": {"revenue": 1000, "smart_revenue": 600},
            "2025": {"revenue": 1000, "smart_revenue": 600, "researchers": 2, "rnd_spend": 0},
        }
    )
    deployments: list = field(
        default_factory=lambda: [FakeDeployment(y) for y in (2023, 2024, 2025)]
    )
    declarations: dict = field(
        default_factory=lambda: {"not_barred": True, "no_tax_arrears": True, "in_business": True}
    )

    def results(self) -> dict[str, bool]:
        with translation.override("en"):
            gates = evaluate_gates(
                call=self.call, firm=self.firm, figures=self.figures,
                deployments=self.deployments, declarations=self.declarations, today=TODAY,
            )  # fmt: skip
        return {gate.code: gate.passed for gate in gates}


def test_a_firm_meeting_every_threshold_passes_every_gate():
    assert set(Case().results().values()) == {True}


@pytest.mark.parametrize(
    ("change", "gate"),
    [
        (lambda c: setattr(c.firm, "size_class", SizeClass.MIDSIZE), "size"),
        (lambda c: setattr(c.firm, "founded_on", date(2024, 6, 1)), "years"),
        (lambda c: setattr(c.firm, "founded_on", None), "years"),
        (lambda c: c.figures["2025"].update(smart_revenue=0), "smart_share"),
        (lambda c: c.figures["2025"].update(researchers=1), "rnd"),
        (lambda c: c.deployments.pop(), "deployments"),
        (lambda c: c.deployments.__setitem__(0, FakeDeployment(2021)), "deployments"),
        (lambda c: c.declarations.update(no_tax_arrears=False), "declarations"),
    ],
)
def test_each_gate_fails_on_its_own_data(change, gate):
    case = Case()
    change(case)
    results = case.results()
    assert results[gate] is False
    assert [code for code, passed in results.items() if not passed] == [gate]


def test_rnd_spend_ratio_is_the_alternative_to_researchers():
    case = Case()
    case.figures["2025"].update(researchers=0, rnd_spend=20)  # 2% of 1000
    assert case.results()["rnd"] is True
    case.figures["2025"].update(rnd_spend=19)
    assert case.results()["rnd"] is False


def test_thresholds_are_the_calls_data():
    case = Case()
    case.call.gate_min_smart_share = 70  # 60% no longer enough
    case.call.gate_min_deployments = 2
    case.deployments.pop()
    results = case.results()
    assert results["smart_share"] is False
    assert results["deployments"] is True


def test_the_midsize_track_admits_midsize_firms():
    case = Case()
    case.call.track = "MIDSIZE"
    case.firm.size_class = SizeClass.MIDSIZE
    assert case.results()["size"] is True


def test_each_failure_says_which_data_failed_in_the_users_language():
    case = Case()
    case.figures["2025"].update(smart_revenue=100)
    with translation.override("en"):
        gates = {g.code: g for g in evaluate_gates(
            call=case.call, firm=case.firm, figures=case.figures, deployments=case.deployments,
            declarations=case.declarations, today=TODAY,
        )}  # fmt: skip
    assert gates["smart_share"].detail == (
        "Smart-manufacturing revenue is 43.3% of revenue over 3 years."
    )
    with translation.override("ko"):
        korean = evaluate_gates(
            call=case.call, firm=case.firm, figures=case.figures, deployments=case.deployments,
            declarations=case.declarations, today=TODAY,
        )  # fmt: skip
    assert korean[2].detail != gates["smart_share"].detail


def test_years_in_business_count_calendar_anniversaries():
    case = Case()
    case.firm.founded_on = date(2023, 11, 25)  # three years tomorrow, across a leap day
    assert case.results()["years"] is False
    case.firm.founded_on = date(2023, 11, 24)
    assert case.results()["years"] is True
