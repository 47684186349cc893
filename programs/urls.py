"""Pages of support programmes (/programs/...), referrals, support history, bonus confirmations."""

from django.urls import path

from programs import views

_programme = "programs/<int:programme_id>/"

urlpatterns = [
    path("programs/", views.programme_list, name="programme_list"),
    path("programs/new/", views.programme_create, name="programme_create"),
    path("programs/manage/", views.programme_manage, name="programme_manage"),
    path("programs/statistics/", views.statistics, name="programme_statistics"),
    path("programs/referrals/<int:referral_id>/", views.referral_detail, name="referral_detail"),
    path(_programme, views.programme_detail, name="programme_detail"),
    path(_programme + "edit/", views.programme_edit, name="programme_edit"),
    path(_programme + "rules/", views.programme_rules, name="programme_rules"),
    path(_programme + "eligible/", views.eligible_firms, name="eligible_firms"),
    path(_programme + "eligible.csv", views.eligible_firms_export, name="eligible_firms_export"),
    path(_programme + "referrals/", views.referral_inbox, name="referral_inbox"),
    path(_programme + "support/new/", views.support_record_create, name="support_record_create"),
    path(_programme + "refer/<int:firm_id>/", views.referral_create, name="referral_create"),
    path("firms/<int:firm_id>/support/", views.firm_support_history, name="firm_support_history"),
    path(
        "firms/<int:firm_id>/bonus-confirmation/",
        views.bonus_confirmation_create,
        name="bonus_confirmation_create",
    ),
    path(
        "bonus-confirmations/<int:confirmation_id>/download/",
        views.bonus_confirmation_download,
        name="bonus_confirmation_download",
    ),
    path("verify/bonus/<str:number>/", views.bonus_verify, name="bonus_verify"),
]
