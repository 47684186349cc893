"""The URLconf of the search benchmark (`manage.py bench_search`): the project's URLs and two
bare views to compare the search against, through the same middleware.

Never the site's ROOT_URLCONF: the benchmark switches to it with override_settings.
"""

from django.http import JsonResponse
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from registry.urls import urlpatterns as project_urlpatterns

FLOOR_PATH = "/bench/floor/"
BARE_PATH = "/bench/bare/"


def floor(request):
    """The least a Django view can do: what any page costs before it does any work."""
    return JsonResponse({"ok": True})


class BareList(APIView):
    """An empty list through the API's default authentication, permissions, throttles and
    renderers: what any API call costs before it reads anything."""

    def get(self, request):
        return Response({"count": 0, "next": None, "previous": None, "results": []})


urlpatterns = [
    path(FLOOR_PATH.strip("/") + "/", floor),
    path(BARE_PATH.strip("/") + "/", BareList.as_view()),
    *project_urlpatterns,
]
