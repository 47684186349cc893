"""The `figure` filter: measured figures without trailing zeros, thousands grouped by locale."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from suppliers.templatetags.figures import figure


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("3.200"), "3.2"),
        (Decimal("1500000.000"), "1,500,000"),
        (Decimal("1234.560"), "1,234.56"),
        (Decimal("100.000"), "100"),
        (Decimal("0.000"), "0"),
        (Decimal("0.005"), "0.005"),
        (Decimal("-12.500"), "-12.5"),
        (Decimal("-2500"), "-2,500"),
        (2500, "2,500"),
        (0.25, "0.25"),
        ("7.50", "7.5"),
    ],
)
def test_a_figure_has_no_trailing_zeros_and_grouped_thousands(value, shown):
    with translation.override("en"):
        assert figure(value) == shown


def test_nothing_shows_as_nothing_and_text_as_it_is():
    assert figure(None) == ""
    assert figure("") == ""
    assert figure("n/a") == "n/a"
    assert figure(True) is True


def test_korean_uses_the_same_separators():
    with translation.override("ko"):
        assert figure(Decimal("1234567.890")) == "1,234,567.89"


def test_the_separators_follow_the_active_language():
    with translation.override("de"):
        assert figure(Decimal("1234567.890")) == "1.234.567,89"


def test_thousands_are_grouped_even_when_the_setting_is_off(settings):
    settings.USE_THOUSAND_SEPARATOR = False
    with translation.override("en"):
        assert figure(Decimal("1500000.000")) == "1,500,000"


def test_templates_load_it_as_figures():
    template = Template("{% load figures %}{{ before|figure }} → {{ after|figure }}")
    with translation.override("ko"):
        shown = template.render(Context({"before": Decimal("3.200"), "after": Decimal("1.100")}))
    assert shown == "3.2 → 1.1"
