"""Serializers of results: an application's (officers and the committee; the firm's own view),
and a call's ranking with each reviewer's calibration. The results module computes them;
the functions here shape them for the serializers, with names or labels for reviewers."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from designations.api.serializers import ApplicationStatusField, FirmRefSerializer
from designations.models import Application
from evaluations.api.serializers.fields import (
    DECIMAL,
    ReviewStageField,
    ReviewStatusField,
    tier_label,
)
from evaluations.enums import Flag, ReviewStage
from evaluations.results import ApplicationResult, CallResults, StageResult, public_view
from suppliers.api.serializers import LabelField, localised

# --- results -------------------------------------------------------------------------------------


class ResultApplicationSerializer(serializers.ModelSerializer):
    status = ApplicationStatusField(read_only=True)
    status_label = LabelField()
    call = serializers.IntegerField(source="call_id", read_only=True)
    firm = FirmRefSerializer(read_only=True)

    class Meta:
        model = Application
        fields = ["id", "receipt_number", "call", "status", "status_label", "firm"]


class SheetTotalSerializer(serializers.Serializer):
    """One reviewer's total. The name only for who may see reviewers' names; otherwise a label
    ("Reviewer 1") that says nothing about who."""

    label = serializers.CharField()
    expert_id = serializers.IntegerField(allow_null=True)
    expert_name = serializers.CharField(allow_null=True)
    status = ReviewStatusField()
    total = serializers.IntegerField()
    dropped = serializers.BooleanField(
        help_text=_("Dropped as the highest or lowest total (from the call's number of sheets on).")
    )


class StageResultSerializer(serializers.Serializer):
    stage = ReviewStageField()
    stage_label = serializers.CharField()
    expected = serializers.IntegerField(help_text=_("Sheets expected (reviewers assigned)."))
    submitted = serializers.IntegerField()
    complete = serializers.BooleanField()
    total = serializers.DecimalField(**DECIMAL, allow_null=True)
    spread = serializers.IntegerField(help_text=_("Highest minus lowest submitted total."))
    max_points = serializers.IntegerField()
    disagreement = serializers.BooleanField()
    reviewers = SheetTotalSerializer(many=True)


class CriterionResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    points = serializers.DecimalField(**DECIMAL, allow_null=True)
    minimum = serializers.DecimalField(**DECIMAL)
    below_minimum = serializers.BooleanField()
    stage_used = serializers.CharField(help_text=_("The stage whose mean counts; empty: none."))


class AreaResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    points = serializers.DecimalField(**DECIMAL)
    max_points = serializers.IntegerField()


class BonusResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    points = serializers.IntegerField()


class FlagSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("LENIENT, HARSH, DISAGREEMENT or INCOMPLETE."))
    label = serializers.CharField()


class ApplicationResultSerializer(serializers.Serializer):
    """An application's result for officers and the committee."""

    application = ResultApplicationSerializer()
    rank = serializers.IntegerField(allow_null=True, help_text=_("In the call; null: incomplete."))
    complete = serializers.BooleanField()
    passed = serializers.BooleanField()
    total = serializers.DecimalField(**DECIMAL)
    tier = serializers.CharField(help_text=_("LEADING, GROWTH, or empty when it did not pass."))
    tier_label = serializers.CharField()
    bonus_total = serializers.IntegerField()
    bonus = BonusResultSerializer(many=True)
    areas = AreaResultSerializer(many=True)
    criteria = CriterionResultSerializer(many=True)
    stages = StageResultSerializer(many=True)
    failures = serializers.ListField(child=serializers.CharField())
    flags = FlagSerializer(many=True)


class PublicReviewerSerializer(serializers.Serializer):
    label = serializers.CharField()
    total = serializers.IntegerField()
    dropped = serializers.BooleanField()


class PublicStageSerializer(serializers.Serializer):
    stage = ReviewStageField()
    label = serializers.CharField()
    total = serializers.DecimalField(**DECIMAL, allow_null=True)
    reviewers = PublicReviewerSerializer(many=True)


class PublicAreaSerializer(serializers.Serializer):
    name = serializers.CharField()
    points = serializers.DecimalField(**DECIMAL)
    max_points = serializers.IntegerField()


class PublicBonusSerializer(serializers.Serializer):
    name = serializers.CharField()
    points = serializers.IntegerField()


class PublicCommentSerializer(serializers.Serializer):
    criterion = serializers.CharField()
    comment = serializers.CharField()


class PublicResultSerializer(serializers.Serializer):
    """An application's result as its firm reads it after the decision: no reviewer's name or
    id; comments only where the call shares them, without who wrote them."""

    application = ResultApplicationSerializer()
    areas = PublicAreaSerializer(many=True)
    bonus = PublicBonusSerializer(many=True)
    bonus_total = serializers.IntegerField()
    total = serializers.DecimalField(**DECIMAL)
    tier = serializers.CharField()
    tier_label = serializers.CharField()
    passed = serializers.BooleanField()
    failures = serializers.ListField(child=serializers.CharField())
    stages = PublicStageSerializer(many=True)
    comments = PublicCommentSerializer(many=True)


class CalibrationSerializer(serializers.Serializer):
    """How far a reviewer's totals sit from their fellow reviewers' on the same applications."""

    label = serializers.CharField()
    expert_id = serializers.IntegerField(allow_null=True)
    expert_name = serializers.CharField(allow_null=True)
    sheets = serializers.IntegerField()
    mean_deviation = serializers.DecimalField(**DECIMAL)
    z = serializers.DecimalField(**DECIMAL, allow_null=True)
    flag = serializers.CharField(allow_null=True, help_text=_("LENIENT, HARSH or null."))
    flag_label = serializers.CharField(allow_null=True)


class ResultCallSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class CallResultsSerializer(serializers.Serializer):
    call = ResultCallSerializer()
    applications = ApplicationResultSerializer(many=True)
    reviewers = CalibrationSerializer(many=True)


def _labels(expert_ids) -> dict[int, str]:
    """ "Reviewer 1", "Reviewer 2", ... in the order given: says nothing about who."""
    return {
        expert_id: gettext("Reviewer %(n)s") % {"n": number}
        for number, expert_id in enumerate(expert_ids, start=1)
    }


def _reviewer(expert_id: int, expert_name: str, *, names: bool, labels: dict) -> dict:
    if names:
        return {"label": expert_name, "expert_id": expert_id, "expert_name": expert_name}
    return {"label": labels[expert_id], "expert_id": None, "expert_name": None}


def _stage_data(stage: StageResult, *, names: bool, labels: dict) -> dict:
    return {
        "stage": stage.stage,
        "stage_label": str(ReviewStage(stage.stage).label),
        "expected": stage.expected,
        "submitted": len(stage.submitted),
        "complete": stage.complete,
        "total": stage.total,
        "spread": stage.spread,
        "max_points": stage.max_points,
        "disagreement": stage.disagreement,
        "reviewers": [
            {
                **_reviewer(sheet.expert_id, sheet.expert_name, names=names, labels=labels),
                "status": sheet.status,
                "total": sheet.total,
                "dropped": sheet.dropped,
            }
            for sheet in stage.sheets
        ],
    }


def application_result_data(
    result: ApplicationResult, *, names: bool, labels: dict[int, str] | None = None
) -> dict:
    """An application's result for ApplicationResultSerializer. Without `names`, reviewers are
    labelled in `labels` (by default in the order they first appear in the result)."""
    if labels is None:
        seen = dict.fromkeys(
            sheet.expert_id for stage in result.stages.values() for sheet in stage.sheets
        )
        labels = _labels(seen)
    return {
        "application": result.application,
        "rank": result.rank,
        "complete": result.complete,
        "passed": result.passed,
        "total": result.total,
        "tier": result.tier,
        "tier_label": tier_label(result.tier),
        "bonus_total": result.bonus_total,
        "bonus": [
            {"code": item.code, "name": localised(item.name_ko, item.name_en), "points": points}
            for item, points in result.bonus
        ],
        "areas": [
            {
                "code": area.area.code,
                "name": localised(area.area.name_ko, area.area.name_en),
                "points": area.points,
                "max_points": area.max_points,
            }
            for area in result.areas
        ],
        "criteria": [
            {
                "code": item.criterion.code,
                "name": localised(item.criterion.name_ko, item.criterion.name_en),
                "points": item.points,
                "minimum": item.minimum,
                "below_minimum": item.below_minimum,
                "stage_used": item.stage_used,
            }
            for item in result.criteria
        ],
        "stages": [
            _stage_data(stage, names=names, labels=labels) for stage in result.stages.values()
        ],
        "failures": list(result.failures),
        "flags": [{"code": str(flag), "label": str(Flag(flag).label)} for flag in result.flags],
    }


def call_results_data(results: CallResults, shown: list[ApplicationResult], *, names: bool) -> dict:
    """A call's results for CallResultsSerializer: one label per reviewer for the whole answer,
    so that the committee can tie a calibration flag to the sheets."""
    expert_ids = {calibration.expert_id for calibration in results.reviewers}
    expert_ids |= {
        sheet.expert_id
        for result in shown
        for stage in result.stages.values()
        for sheet in stage.sheets
    }
    labels = _labels(sorted(expert_ids))
    calibrations = results.reviewers
    if not names:
        calibrations = sorted(calibrations, key=lambda calibration: calibration.expert_id)
    call = results.call
    return {
        "call": {"id": call.pk, "title": localised(call.title_ko, call.title_en)},
        "applications": [
            application_result_data(result, names=names, labels=labels) for result in shown
        ],
        "reviewers": [
            {
                **_reviewer(c.expert_id, c.expert_name, names=names, labels=labels),
                "sheets": c.sheets,
                "mean_deviation": c.mean_deviation,
                "z": c.z,
                "flag": c.flag,
                "flag_label": str(Flag(c.flag).label) if c.flag else None,
            }
            for c in calibrations
        ],
    }


def public_result_data(result: ApplicationResult) -> dict:
    """What the firm reads (results.public_view), for PublicResultSerializer."""
    application = result.application
    view = public_view(result, share_comments=application.call.share_comments)
    return {"application": application, **view}
