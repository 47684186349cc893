"""Factories for calls and applications, and `ready_application`: a draft that can be submitted.

call = CallFactory()                      # PUBLISHED, open now, rubric copied from SMF-DEFAULT
application = ApplicationFactory(firm=member.firm, call=call)   # a DRAFT
application = ready_application(member.firm, call)              # passes every gate and check
"""

import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.tests.factories import UserFactory
from designations import services
from designations.enums import ApplicationStatus, AttachmentKind, CallStatus, Track
from designations.gates import DECLARATIONS
from designations.models import Application, Call, Criterion, Rubric, Transition
from designations.rubrics import rubric_copy
from suppliers.models import TechField
from suppliers.tests.factories import (
    DeploymentFactory,
    FirmFactory,
    MembershipFactory,
    OutcomeFactory,
)

# A minimal PDF that libmagic recognises as application/pdf.
PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def pdf_upload(name: str = "document.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def default_template() -> Rubric:
    return Rubric.objects.get(is_template=True, code="SMF-DEFAULT")


class CallFactory(factory.django.DjangoModelFactory):
    """A published call, open now (opened yesterday, closes in 30 days), with its own rubric."""

    class Meta:
        model = Call

    title_ko = factory.Sequence(
        lambda n: f"{timezone.localdate().year}년 스마트제조 전문기업 지정 공고 {n}"
    )
    title_en = factory.Sequence(
        lambda n: f"{timezone.localdate().year} smart-manufacturing specialist call {n}"
    )
    summary_ko = "스마트제조 공급기업을 전문기업으로 지정합니다."
    summary_en = "Designation of smart-manufacturing specialist suppliers."
    legal_basis = "중소기업 스마트제조혁신 촉진에 관한 법률 제00조"
    track = Track.SME
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    status = CallStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    rubric = factory.LazyFunction(lambda: rubric_copy(template=default_template()))
    # Call.created_by is not blank=True, so call_update's full_clean needs it set.
    created_by = factory.SubFactory(UserFactory, roles=["officer"])


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A DRAFT application, with the first step of its timeline (like application_create)."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    firm = factory.SubFactory(FirmFactory)
    status = ApplicationStatus.DRAFT

    @factory.post_generation
    def created_step(self, create, extracted, **kwargs):
        """ApplicationFactory(created_step=False) leaves the timeline empty."""
        if create and extracted is not False:
            Transition.objects.create(
                application=self,
                from_status="",
                to_status=ApplicationStatus.DRAFT,
                actor=self.created_by,
                actor_label=str(self.created_by) if self.created_by else "",
            )


def ready_figures(*, share_percent: int = 70, researchers: int = 3) -> dict:
    """Figures for the last 3 completed years that pass the revenue-share and R&D gates."""
    this_year = timezone.localdate().year
    figures = {}
    for year in range(this_year - 3, this_year):
        revenue = 5_000_000_000
        figures[str(year)] = {
            "revenue": revenue,
            "smart_revenue": revenue * share_percent // 100,
            "export_revenue": 300_000_000,
            "rnd_spend": 200_000_000,
            "researchers": researchers,
            "employees": 42,
        }
    return figures


def ready_self_assessment(call: Call, *, percent: int = 80) -> dict:
    """`percent` of every criterion's points (80% of 1,000 = 800, above the 600 minimum)."""
    return {
        criterion.code: {
            "points": criterion.points * percent // 100,
            "evidence": f"{criterion.name_ko} 근거 자료",
        }
        for criterion in Criterion.objects.filter(area__rubric_id=call.rubric_id)
    }


def ready_application(firm, call, *, actor=None, application: Application | None = None):
    """A DRAFT of `firm` in `call` that passes every gate and submission check.

    `actor` defaults to a member of the firm (one is created when it has none): the uploads
    need one. Creates the draft unless `application` is given; adds 3 deployments of the last
    year with outcomes to the firm, figures, declarations, a technology field, the plan texts, the
    self-assessment and the two required attachments (through services.attachment_add).
    """
    if actor is None:
        membership = firm.memberships.select_related("user").first()
        actor = membership.user if membership else MembershipFactory(firm=firm).user
    if application is None:
        application = ApplicationFactory(firm=firm, call=call, created_by=actor)
    last_year = timezone.localdate().year - 1
    deployments = []
    for number in range(3):
        deployment = DeploymentFactory(
            firm=firm, year=last_year, title=f"스마트공장 구축 사례 {number + 1}"
        )
        OutcomeFactory(deployment=deployment)
        deployments.append(deployment)
    application.figures = ready_figures()
    application.declarations = dict.fromkeys(DECLARATIONS, True)
    application.strategy = "AI 비전 검사 중심으로 성장합니다."
    application.business_plan = "3년간 50개 라인에 보급합니다."
    application.self_assessment = ready_self_assessment(call)
    application.save()
    application.fields.set([TechField.objects.order_by("area__order", "order", "code").first()])
    application.deployments.set(deployments)
    for kind in (AttachmentKind.BUSINESS_REGISTRATION, AttachmentKind.FINANCIAL_STATEMENTS):
        services.attachment_add(
            application=application,
            actor=actor,
            kind=kind,
            upload=pdf_upload(f"{kind.lower()}.pdf"),
        )
    return application


def make_designation(
    firm=None,
    *,
    valid_from: datetime.date | None = None,
    tier: str = "GROWTH",
    field_codes: tuple[str, ...] = ("AUTO-VISION", "AUTO-ROBOT"),
    status: str = "VALID",
    number: str | None = None,
):
    """A designation made outside the committee (as the demo's are): numbered from the series,
    its first timeline step, audit and report schedule written by the services; `status` is
    set directly (use designation_transition in tests of the moves themselves)."""
    from designations.models import Designation
    from designations.services import next_serial
    from designations.services.designation import (
        designation_number,
        designation_started,
        validity_end,
    )
    from designations.services.reports import reports_schedule

    firm = firm or FirmFactory()
    valid_from = valid_from or timezone.localdate()
    number = number or designation_number(
        year=valid_from.year, serial=next_serial(name="designation", year=valid_from.year)
    )
    designation = Designation.objects.create(
        number=number, firm=firm, tier=tier, valid_from=valid_from,
        valid_until=validity_end(valid_from), legal_basis="스마트제조혁신법 제10조",
        status=status, status_since=timezone.now(),
    )  # fmt: skip
    designation.fields.set(TechField.objects.filter(code__in=field_codes))
    designation_started(designation=designation, actor=None)
    reports_schedule(designation=designation)
    return designation
