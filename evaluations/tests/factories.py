"""Factories for the evaluation.

expert = ExpertFactory()                         # ACTIVE, with a reviewer account, pledge signed
expert = ExpertFactory(user=None, status="INVITED", pledge_signed_at=None)   # just invited
application = in_stage(call=call, status="DOCUMENT_REVIEW")   # an application waiting for review
review = ReviewFactory(application=application, expert=expert)   # RELEASED, declaration due
scored(review, percent=80)                       # every criterion of its stage at 80%, SUBMITTED
"""

import itertools

import factory
from django.conf import settings
from django.utils import timezone

from accounts.tests.factories import UserFactory
from designations.enums import ApplicationStatus
from designations.models import Criterion
from designations.tests.factories import ApplicationFactory, CallFactory
from evaluations.enums import ExpertStatus, ReviewStage, ReviewStatus
from evaluations.models import Expert, Review, Score
from evaluations.transitions import CRITERION_STAGES
from suppliers.models import TechField


def first_field() -> TechField:
    return TechField.objects.order_by("area__order", "order", "code").first()


class ExpertFactory(factory.django.DjangoModelFactory):
    """An active expert with a reviewer account (2FA set up) who signed the current pledge and
    whose expertise is the first technology field (the one ready_application applies for)."""

    class Meta:
        model = Expert
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"expert{n}@example.kr")
    name = factory.Sequence(lambda n: f"평가위원{n}")
    user = factory.LazyAttribute(
        lambda o: UserFactory(email=o.email, name=o.name, roles=["reviewer"], totp=True)
    )
    status = ExpertStatus.ACTIVE
    affiliation = "한국기술대학교"
    max_load = 10
    pledge_signed_at = factory.LazyFunction(timezone.now)
    pledge_version = factory.LazyFunction(lambda: settings.EVALUATION_PLEDGE_VERSION)
    accepted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def expertise(self, create, extracted, **kwargs):
        """ExpertFactory(expertise=[field, ...]); the default is [first_field()]."""
        if create:
            self.expertise.set(extracted if extracted is not None else [first_field()])


_receipts = itertools.count(1)


def in_stage(*, call=None, status: str = ApplicationStatus.DOCUMENT_REVIEW, firm=None, fields=None):
    """A submitted application already in `status` (no timeline beyond its creation), applying
    for `fields` (default: the first field)."""
    kwargs = {"status": status, "receipt_number": f"SMF-TEST-{next(_receipts):05d}"}
    if call is not None:
        kwargs["call"] = call
    if firm is not None:
        kwargs["firm"] = firm
    application = ApplicationFactory(submitted_at=timezone.now(), **kwargs)
    application.fields.set(fields if fields is not None else [first_field()])
    return application


class ReviewFactory(factory.django.DjangoModelFactory):
    """A released review (declaration due), due in 7 days."""

    class Meta:
        model = Review

    application = factory.LazyFunction(lambda: in_stage(call=CallFactory()))
    expert = factory.SubFactory(ExpertFactory)
    stage = ReviewStage.DOCUMENT
    status = ReviewStatus.RELEASED
    released_at = factory.LazyFunction(timezone.now)
    due_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=7))


def stage_criteria(review: Review):
    return Criterion.objects.filter(
        area__rubric_id=review.application.call.rubric_id,
        stage__in=CRITERION_STAGES[review.stage],
    ).order_by("area__order", "order", "id")


def scored(review: Review, *, percent: int = 80, submit: bool = True, points=None) -> Review:
    """Fill the sheet: every criterion at `percent` of its points (or `points[code]`), with a
    comment, and mark it SUBMITTED unless `submit` is False (then OPEN)."""
    Score.objects.bulk_create(
        Score(
            review=review,
            criterion=criterion,
            points=(points or {}).get(criterion.code, criterion.points * percent // 100),
            comment=f"{criterion.name_ko} 평가 의견",
        )
        for criterion in stage_criteria(review)
    )
    review.status = ReviewStatus.SUBMITTED if submit else ReviewStatus.OPEN
    review.declared_at = timezone.now()
    review.submitted_at = timezone.now() if submit else None
    review.save()
    return review
