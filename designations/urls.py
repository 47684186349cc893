from django.urls import path
from django.views.generic import RedirectView

# Placeholder until the pages land: the mail templates link to the application's page.
urlpatterns = [
    path(
        "applications/<int:application_id>/",
        RedirectView.as_view(url="/firms/"),
        name="application_detail",
    ),
]
