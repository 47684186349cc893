"""Pages of the firm side (/firms/...), the signed links, and the public registry (/suppliers/)."""

from django.urls import path

from suppliers import views

_firm = "firms/<int:firm_id>/"
_deployment = _firm + "deployments/<int:deployment_id>/"

urlpatterns = [
    # the public registry
    path("suppliers/", views.supplier_list, name="supplier_list"),
    path("suppliers/<int:firm_id>/", views.supplier_detail, name="supplier_detail"),
    # the user's firms, registration and access
    path("firms/", views.my_firms, name="my_firms"),
    path("firms/new/", views.firm_register, name="firm_register"),
    path("firms/access/", views.access_request_create, name="access_request_create"),
    path(_firm, views.firm_dashboard, name="firm_dashboard"),
    path(_firm + "edit/", views.firm_edit, name="firm_edit"),
    path(_firm + "revenues/", views.firm_revenues, name="firm_revenues"),
    path(_firm + "history/", views.firm_history, name="firm_history"),
    path(_firm + "members/invite/", views.member_invite, name="member_invite"),
    path(
        _firm + "access-requests/<int:request_id>/",
        views.access_request_decide,
        name="access_request_decide",
    ),
    # capabilities and certifications
    path(_firm + "capabilities/", views.firm_capabilities, name="firm_capabilities"),
    path(
        _firm + "capabilities/<int:capability_id>/edit/",
        views.capability_edit,
        name="capability_edit",
    ),
    path(
        _firm + "capabilities/<int:capability_id>/remove/",
        views.capability_remove,
        name="capability_remove",
    ),
    path(_firm + "certifications/", views.firm_certifications, name="firm_certifications"),
    path(
        _firm + "certifications/<int:certification_id>/edit/",
        views.certification_edit,
        name="certification_edit",
    ),
    path(
        _firm + "certifications/<int:certification_id>/remove/",
        views.certification_remove,
        name="certification_remove",
    ),
    # deployments and their outcomes
    path(_firm + "deployments/", views.firm_deployments, name="firm_deployments"),
    path(_firm + "deployments/new/", views.deployment_create, name="deployment_create"),
    path(_deployment, views.deployment_detail, name="deployment_detail"),
    path(_deployment + "edit/", views.deployment_edit, name="deployment_edit"),
    path(_deployment + "remove/", views.deployment_remove, name="deployment_remove"),
    path(
        _deployment + "confirmation/",
        views.confirmation_request_create,
        name="confirmation_request_create",
    ),
    path(_deployment + "outcomes/new/", views.outcome_create, name="outcome_create"),
    path(_deployment + "outcomes/<int:outcome_id>/edit/", views.outcome_edit, name="outcome_edit"),
    path(
        _deployment + "outcomes/<int:outcome_id>/remove/",
        views.outcome_remove,
        name="outcome_remove",
    ),
    path(
        _firm + "outcomes/<int:outcome_id>/evidence/",
        views.outcome_evidence,
        name="outcome_evidence",
    ),
    # signed links from e-mails
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("confirm/<str:token>/", views.confirmation_respond, name="confirmation_respond"),
]
