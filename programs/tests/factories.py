import datetime

import factory

from programs.enums import ProgrammeKind
from programs.models import EligibilityRule, Programme, Referral, SupportRecord
from suppliers.tests.factories import FirmFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name_ko = factory.Sequence(lambda n: f"스마트 제조혁신 지원사업 {n}")
    name_en = factory.Sequence(lambda n: f"Smart manufacturing support {n}")
    provider_ko = "중소벤처기업부"
    provider_en = "Ministry of SMEs and Startups"
    kind = ProgrammeKind.RND
    description_ko = "공급기업과 도입기업의 공동 기술개발을 지원합니다."
    description_en = "Joint R&D of a supplier and an adopting manufacturer."
    max_amount = 400_000_000
    stages = ["GROWTH"]
    is_published = True


class RuleFactory(factory.django.DjangoModelFactory):
    """A rule; `params` must already be clean (programs.eligibility.clean_params)."""

    class Meta:
        model = EligibilityRule

    programme = factory.SubFactory(ProgrammeFactory)
    kind = "VALID_DESIGNATION"
    params = factory.LazyFunction(lambda: {"on": "today"})


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    firm = factory.SubFactory(FirmFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    snapshot = factory.LazyAttribute(lambda o: {"name_ko": o.firm.name_ko})


class SupportRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRecord

    firm = factory.SubFactory(FirmFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    kind = ProgrammeKind.RND
    amount = 100_000_000
    granted_on = datetime.date(2026, 5, 1)
