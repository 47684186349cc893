"""The URLconf of the search benchmark (`manage.py bench_search`): the project's URLs and the
views to compare the search against, through the same middleware.

Never the site's ROOT_URLCONF: the benchmark switches to it with override_settings.
"""

from django.http import JsonResponse
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from registry.urls import urlpatterns as project_urlpatterns
from suppliers.api.serializers import SupplierListSerializer
from suppliers.search import firms_by_id

FLOOR_PATH = "/bench/floor/"
BARE_PATH = "/bench/bare/"
KNOWN_PAGE_PATH = "/bench/known-page/"


def floor(request):
    """The least a Django view can do: what any page costs before it does any work."""
    return JsonResponse({"ok": True})


class BareList(APIView):
    """An empty list through the API's default authentication, permissions, throttles and
    renderers: what any API call costs before it reads anything."""

    def get(self, request):
        return Response({"count": 0, "next": None, "previous": None, "results": []})


class KnownPage(APIView):
    """A page of firms whose ids are given (`?ids=3,1,2`): read by primary key in one query and
    serialized as the search serializes its results, with no search, no count and no cache. What
    any search answer costs that is not served from a cache, however fast it finds its firms."""

    def get(self, request):
        ids = [int(pk) for pk in request.query_params.get("ids", "").split(",") if pk]
        results = SupplierListSerializer(firms_by_id(ids), many=True).data
        return Response({"count": len(results), "next": None, "previous": None, "results": results})


urlpatterns = [
    path(FLOOR_PATH.strip("/") + "/", floor),
    path(BARE_PATH.strip("/") + "/", BareList.as_view()),
    path(KNOWN_PAGE_PATH.strip("/") + "/", KnownPage.as_view()),
    *project_urlpatterns,
]
