"""Inquiries: the SME's form on a supplier's profile, the firm's inbox, the officers' demand view.

Placeholders until the pages are built (issue 6).
"""

from django.http import HttpResponse


def inquiry_create(request, firm_id: int):
    return HttpResponse(status=501)


def firm_inquiries(request, firm_id: int):
    return HttpResponse(status=501)


def inquiry_detail(request, firm_id: int, inquiry_id: int):
    return HttpResponse(status=501)


def inquiry_demand(request):
    return HttpResponse(status=501)
