"""Outcome reports (placeholder: being written)."""

from django.http import Http404


def report_list(request, **kwargs):
    raise Http404


def report_detail(request, **kwargs):
    raise Http404


def report_submit(request, **kwargs):
    raise Http404


def report_review(request, **kwargs):
    raise Http404
