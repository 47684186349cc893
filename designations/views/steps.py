"""The wizard's steps, and what every step page shows beside its form: the progress, the
checklist of what is missing and the live eligibility gates."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from designations import services
from designations.enums import Section
from designations.forms import (
    AttachmentForm,
    DeclarationsForm,
    DeploymentsForm,
    FieldsForm,
    FiguresForm,
    PlanForm,
    SelfAssessmentForm,
    StepForm,
)
from designations.models import Application


@dataclass(frozen=True)
class Step:
    name: str  # as in the URL
    label: str
    section: str = ""  # the part of the application it edits (designations.enums.Section)
    form_class: type[StepForm] | None = None
    autosave: bool = False


STEPS = (
    Step("firm", _("Firm data")),
    Step("fields", Section.FIELDS.label, Section.FIELDS, FieldsForm, True),
    Step("plan", Section.PLAN.label, Section.PLAN, PlanForm, True),
    Step("deployments", Section.DEPLOYMENTS.label, Section.DEPLOYMENTS, DeploymentsForm, True),
    Step("figures", Section.FIGURES.label, Section.FIGURES, FiguresForm, True),
    Step("declarations", Section.DECLARATIONS.label, Section.DECLARATIONS, DeclarationsForm, True),
    Step(
        "self-assessment",
        Section.SELF_ASSESSMENT.label,
        Section.SELF_ASSESSMENT,
        SelfAssessmentForm,
        True,
    ),
    Step("attachments", Section.ATTACHMENTS.label, Section.ATTACHMENTS, AttachmentForm),
    Step("review", _("Review and submit")),
)
STEPS_BY_NAME = {step.name: step for step in STEPS}
# Which step holds the data a gate reads, and which step a submission problem points to.
GATE_STEP = {
    "size": "firm",
    "years": "firm",
    "smart_share": "figures",
    "rnd": "figures",
    "deployments": "deployments",
    "declarations": "declarations",
}
PROBLEM_STEP = {
    "fields": "fields",
    "plan": "plan",
    "self_assessment": "self-assessment",
    "attachments": "attachments",
}


def next_step(step: Step) -> Step:
    index = STEPS.index(step)
    return STEPS[min(index + 1, len(STEPS) - 1)]


def step_form(step: Step, application: Application, data=None, files=None) -> StepForm | None:
    if step.form_class is None:
        return None
    kwargs = {"application": application}
    if step.form_class is SelfAssessmentForm:
        kwargs["criteria"] = services.application_criteria(application).order_by(
            "area__order", "area_id", "order", "id"
        )
    return step.form_class(data, files, **kwargs)


def supplement_context(application: Application) -> dict:
    """The waiting supplement request for the notice, and whether it can still be answered."""
    return {
        "supplement": services.current_supplement(application),
        "supplement_open": services.open_supplement(application) is not None,
    }


def _step_url(application: Application, name: str) -> str:
    return reverse("application_step", args=[application.pk, name])


def wizard_state(application: Application, *, current: str = "") -> dict:
    """Steps with done/editable marks, progress, the checklist and the gates, for the templates.

    A step is done when nothing the submission checks in it fails; the review step is not counted.
    """
    gates = services.application_gates(application)
    problems = services.submission_problems(application)
    editable = services.editable_sections(application)
    failing_steps = {GATE_STEP[g.code] for g in gates if not g.passed and g.code in GATE_STEP}
    failing_steps |= {PROBLEM_STEP[key] for key in problems if key in PROBLEM_STEP}
    steps = [
        {
            "step": step,
            "url": _step_url(application, step.name),
            "done": step.name not in failing_steps,
            "editable": bool(step.section) and step.section in editable,
            "current": step.name == current,
        }
        for step in STEPS
    ]
    counted = [entry for entry in steps if entry["step"].name != "review"]
    checklist = [
        {"message": message, "url": _step_url(application, PROBLEM_STEP.get(key, "review"))}
        for key, messages in problems.items()
        if key != "gates"
        for message in messages
    ]
    return {
        "steps": steps,
        "done": sum(entry["done"] for entry in counted),
        "total": len(counted),
        "checklist": checklist,
        "gates": [
            {"gate": gate, "url": _step_url(application, GATE_STEP.get(gate.code, "review"))}
            for gate in gates
        ],
        "gates_failed": sum(not gate.passed for gate in gates),
        "problems": problems,
        "ready": not problems,
        "editable_sections": editable,
    }
