from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from suppliers.selectors import home_figures


def home(request):
    return render(request, "registry/home.html", home_figures())


def health(request):
    """For load balancers: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
