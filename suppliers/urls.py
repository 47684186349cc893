"""Pages of the firm side (/firms/...), the signed links, and the public registry (/suppliers/)."""

from django.urls import path

from suppliers.views import (
    capabilities,
    confirmation,
    deployments,
    firms,
    inquiries,
    members,
    registry,
)

_firm = "firms/<int:firm_id>/"
_deployment = _firm + "deployments/<int:deployment_id>/"

urlpatterns = [
    # the public registry
    path("suppliers/", registry.supplier_list, name="supplier_list"),
    path("suppliers/autocomplete/", registry.supplier_autocomplete, name="supplier_autocomplete"),
    path("suppliers/compare/", registry.supplier_compare, name="supplier_compare"),
    path("suppliers/<int:firm_id>/", registry.supplier_detail, name="supplier_detail"),
    # inquiries from SMEs, the firm's inbox, the officers' view of demand
    path("suppliers/<int:firm_id>/inquiry/", inquiries.inquiry_create, name="inquiry_create"),
    path("inquiries/demand/", inquiries.inquiry_demand, name="inquiry_demand"),
    path(_firm + "inquiries/", inquiries.firm_inquiries, name="firm_inquiries"),
    path(_firm + "inquiries/<int:inquiry_id>/", inquiries.inquiry_detail, name="inquiry_detail"),
    # the user's firms, registration and access
    path("firms/", firms.my_firms, name="my_firms"),
    path("firms/new/", firms.firm_register, name="firm_register"),
    path("firms/access/", members.access_request_create, name="access_request_create"),
    path(_firm, firms.firm_dashboard, name="firm_dashboard"),
    path(_firm + "edit/", firms.firm_edit, name="firm_edit"),
    path(_firm + "revenues/", firms.firm_revenues, name="firm_revenues"),
    path(_firm + "history/", firms.firm_history, name="firm_history"),
    path(_firm + "members/invite/", members.member_invite, name="member_invite"),
    path(
        _firm + "members/<int:membership_id>/remove/",
        members.member_remove,
        name="member_remove",
    ),
    path(
        _firm + "access-requests/<int:request_id>/",
        members.access_request_decide,
        name="access_request_decide",
    ),
    # capabilities and certifications
    path(_firm + "capabilities/", capabilities.firm_capabilities, name="firm_capabilities"),
    path(
        _firm + "capabilities/<int:capability_id>/edit/",
        capabilities.capability_edit,
        name="capability_edit",
    ),
    path(
        _firm + "capabilities/<int:capability_id>/remove/",
        capabilities.capability_remove,
        name="capability_remove",
    ),
    path(_firm + "certifications/", capabilities.firm_certifications, name="firm_certifications"),
    path(
        _firm + "certifications/<int:certification_id>/edit/",
        capabilities.certification_edit,
        name="certification_edit",
    ),
    path(
        _firm + "certifications/<int:certification_id>/remove/",
        capabilities.certification_remove,
        name="certification_remove",
    ),
    # deployments and their outcomes
    path(_firm + "deployments/", deployments.firm_deployments, name="firm_deployments"),
    path(_firm + "deployments/new/", deployments.deployment_create, name="deployment_create"),
    path(_deployment, deployments.deployment_detail, name="deployment_detail"),
    path(_deployment + "edit/", deployments.deployment_edit, name="deployment_edit"),
    path(_deployment + "remove/", deployments.deployment_remove, name="deployment_remove"),
    path(
        _deployment + "confirmation/",
        deployments.confirmation_request_create,
        name="confirmation_request_create",
    ),
    path(_deployment + "outcomes/new/", deployments.outcome_create, name="outcome_create"),
    path(
        _deployment + "outcomes/<int:outcome_id>/edit/",
        deployments.outcome_edit,
        name="outcome_edit",
    ),
    path(
        _deployment + "outcomes/<int:outcome_id>/remove/",
        deployments.outcome_remove,
        name="outcome_remove",
    ),
    path(
        _firm + "outcomes/<int:outcome_id>/evidence/",
        deployments.outcome_evidence,
        name="outcome_evidence",
    ),
    # signed links from e-mails
    path("invitations/<str:token>/", members.invitation_accept, name="invitation_accept"),
    path("confirm/<str:token>/", confirmation.confirmation_respond, name="confirmation_respond"),
]
