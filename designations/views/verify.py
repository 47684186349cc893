"""Public verification and certificate downloads (placeholder: being written)."""

from django.http import Http404


def verify_form(request, **kwargs):
    raise Http404


def verify_designation(request, **kwargs):
    raise Http404


def certificate_download(request, **kwargs):
    raise Http404
