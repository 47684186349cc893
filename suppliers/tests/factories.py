import datetime
from decimal import Decimal

import factory

from accounts.tests.factories import UserFactory
from suppliers.brn import make_business_number
from suppliers.enums import MemberRole, OutcomeCategory, Region, SizeClass
from suppliers.models import (
    Capability,
    Certification,
    Deployment,
    Firm,
    FirmRevenue,
    Membership,
    Outcome,
    SolutionTag,
)
from suppliers.searchindex import index_firm


class IndexedFactory(factory.django.DjangoModelFactory):
    """Factories write rows directly, past the services that keep the registry's search record,
    so they rebuild it the way the services do."""

    class Meta:
        abstract = True

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        if create:
            index_firm(cls._firm_id(instance))

    @staticmethod
    def _firm_id(instance) -> int:
        return instance.firm_id


class FirmFactory(IndexedFactory):
    class Meta:
        model = Firm

    @staticmethod
    def _firm_id(instance) -> int:
        return instance.pk

    business_number = factory.Sequence(lambda n: make_business_number(5000 + n))
    name_ko = factory.Sequence(lambda n: f"테스트정밀{n}")
    name_en = factory.Sequence(lambda n: f"Test Precision {n}")
    ceo_name = "김대표"
    founded_on = datetime.date(2015, 3, 2)
    region = Region.GYEONGNAM
    address = "경상남도 창원시 성산구 중앙대로 1"
    employees = 42
    size_class = SizeClass.SMALL
    main_ksic = "C29280"
    summary_ko = "머신비전 검사 장비와 MES를 공급합니다."
    summary_en = "Machine-vision inspection and MES."


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    firm = factory.SubFactory(FirmFactory)
    user = factory.SubFactory(UserFactory)
    role = MemberRole.OWNER


class RevenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FirmRevenue

    firm = factory.SubFactory(FirmFactory)
    year = 2025
    revenue = 5_000_000_000
    smart_revenue = 3_500_000_000


class CapabilityFactory(IndexedFactory):
    class Meta:
        model = Capability

    firm = factory.SubFactory(FirmFactory)
    tag = factory.LazyFunction(lambda: SolutionTag.objects.get(code="AUTO-VISION-AI"))
    product_name = "VisionEye 검사기"


class CertificationFactory(IndexedFactory):
    class Meta:
        model = Certification

    firm = factory.SubFactory(FirmFactory)
    kind = "ISO9001"
    number = factory.Sequence(lambda n: f"QMS-{n:05d}")
    issuer = "한국품질재단"
    valid_from = datetime.date(2024, 1, 1)
    valid_until = datetime.date(2027, 12, 31)


class DeploymentFactory(IndexedFactory):
    class Meta:
        model = Deployment

    firm = factory.SubFactory(FirmFactory)
    title = "사출 라인 AI 비전 검사 도입"
    customer_name = "가나플라스틱"
    customer_ksic = "C22211"
    customer_region = Region.GYEONGNAM
    year = 2024


class OutcomeFactory(IndexedFactory):
    class Meta:
        model = Outcome

    @staticmethod
    def _firm_id(instance) -> int:
        return instance.deployment.firm_id

    deployment = factory.SubFactory(DeploymentFactory)
    category = OutcomeCategory.QUALITY
    metric = "불량률"
    unit = "%"
    baseline = Decimal("3.200")
    result = Decimal("1.100")
    period = "2024-03 ~ 2024-09"
