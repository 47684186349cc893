"""Designation pages (placeholder: being written)."""

from django.http import Http404


def designation_list(request, **kwargs):
    raise Http404


def designation_detail(request, **kwargs):
    raise Http404


def renewal_start(request, **kwargs):
    raise Http404


def designation_reinstate(request, **kwargs):
    raise Http404
