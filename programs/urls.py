"""Pages of support programmes (/programs/...), referrals, support history, bonus confirmations."""

from django.urls import path

from programs.views import firm, manage

_programme = "programs/<int:programme_id>/"
_referral = "programs/referrals/<int:referral_id>/"

urlpatterns = [
    # the catalogue, for everyone; a firm's eligibility and referrals
    path("programs/", firm.programme_list, name="programme_list"),
    path(_programme, firm.programme_detail, name="programme_detail"),
    path(_programme + "refer/<int:firm_id>/", firm.referral_create, name="referral_create"),
    path(_referral + "withdraw/", firm.referral_withdraw, name="referral_withdraw"),
    path("firms/<int:firm_id>/support/", firm.firm_support_history, name="firm_support_history"),
    path(
        "firms/<int:firm_id>/bonus-confirmation/",
        firm.bonus_confirmation_create,
        name="bonus_confirmation_create",
    ),
    path(
        "bonus-confirmations/<int:confirmation_id>/download/",
        firm.bonus_confirmation_download,
        name="bonus_confirmation_download",
    ),
    path("verify/bonus/<str:number>/", firm.bonus_verify, name="bonus_verify"),
    # programme managers and the ministry
    path("programs/new/", manage.programme_create, name="programme_create"),
    path("programs/manage/", manage.programme_manage, name="programme_manage"),
    path("programs/statistics/", manage.statistics, name="programme_statistics"),
    path(_referral, manage.referral_detail, name="referral_detail"),
    path(_programme + "edit/", manage.programme_edit, name="programme_edit"),
    path(_programme + "rules/", manage.programme_rules, name="programme_rules"),
    path(_programme + "eligible/", manage.eligible_firms, name="eligible_firms"),
    path(_programme + "eligible.csv", manage.eligible_firms_export, name="eligible_firms_export"),
    path(_programme + "referrals/", manage.referral_inbox, name="referral_inbox"),
    path(_programme + "support/new/", manage.support_record_create, name="support_record_create"),
]
