"""Suspension and revocation cases (placeholder: being written)."""

from django.http import Http404


def case_open(request, **kwargs):
    raise Http404


def case_detail(request, **kwargs):
    raise Http404


def case_respond(request, **kwargs):
    raise Http404


def case_decide(request, **kwargs):
    raise Http404
