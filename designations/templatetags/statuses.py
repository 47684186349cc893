"""Colours of the application's states: `{% load statuses %}{{ application.status|status_class }}`
gives the Bootstrap badge classes (text-bg-* keep AA contrast)."""

from django import template

from designations.enums import ApplicationStatus as S

register = template.Library()

CLASSES = {
    S.DRAFT: "text-bg-light border",
    S.SUBMITTED: "text-bg-primary",
    S.SCREENING: "text-bg-info",
    S.SUPPLEMENT_REQUESTED: "text-bg-warning",
    S.DOCUMENT_REVIEW: "text-bg-info",
    S.ONSITE_REVIEW: "text-bg-info",
    S.COMMITTEE: "text-bg-info",
    S.DESIGNATED: "text-bg-success",
    S.REJECTED: "text-bg-danger",
    S.APPEAL: "text-bg-warning",
    S.WITHDRAWN: "text-bg-secondary",
}


@register.filter
def status_class(status: str) -> str:
    return CLASSES.get(status, "text-bg-secondary")


@register.simple_tag
def timeline_actor(transition, for_officer=False) -> str:
    """`{% timeline_actor transition for_officer %}`: the step's actor as this viewer may see it."""
    from designations.timeline import actor_display

    return actor_display(transition, for_officer=bool(for_officer))
