"""Pages of calls (/calls/...) and applications (/applications/...).

`application_detail` (/applications/<id>/) is linked from the mail templates: keep its name.
"""

from django.urls import path

from designations.views import (
    applications,
    board,
    calls,
    cases,
    designation_pages,
    documents,
    reports,
    screening,
    submission,
    verify,
    wizard,
)

_call = "calls/<int:call_id>/"
_application = "applications/<int:application_id>/"
_attachment = _application + "attachments/<int:attachment_id>/"
_designation = "designations/<int:designation_id>/"

urlpatterns = [
    # calls: public pages, the apply button, the officer's settings and board
    path("calls/", calls.call_list, name="call_list"),
    path("calls/new/", calls.call_create, name="call_create"),
    path(_call, calls.call_detail, name="call_detail"),
    path(_call + "edit/", calls.call_edit, name="call_edit"),
    path(_call + "publish/", calls.call_publish, name="call_publish"),
    path(_call + "close/", calls.call_close, name="call_close"),
    path(_call + "apply/", calls.call_apply, name="call_apply"),
    path(_call + "board/", board.call_board, name="call_board"),
    path(_call + "documents/", documents.call_documents, name="call_documents"),
    path(_call + "documents/<int:document_id>/", documents.call_document, name="call_document"),
    path(
        _call + "documents/<int:document_id>/remove/",
        documents.call_document_remove,
        name="call_document_remove",
    ),
    # the firm's applications and the wizard
    path("applications/", applications.my_applications, name="my_applications"),
    path(_application, applications.application_detail, name="application_detail"),
    path(_application + "step/<slug:step>/", wizard.application_step, name="application_step"),
    path(_application + "submit/", submission.application_submit, name="application_submit"),
    path(_application + "supplement/", submission.supplement_answer, name="supplement_answer"),
    path(
        _application + "withdraw/", applications.application_withdraw, name="application_withdraw"
    ),
    path(_application + "print/", applications.application_print, name="application_print"),
    path(_attachment, applications.attachment_download, name="attachment_download"),
    path(_attachment + "remove/", submission.attachment_remove, name="attachment_remove"),
    # the officer's screening
    path(
        _application + "screening/", screening.application_screening, name="application_screening"
    ),
    path(_application + "screening/move/", screening.screening_move, name="screening_move"),
    path(
        _application + "screening/supplement/",
        screening.screening_supplement,
        name="screening_supplement",
    ),
    path(_application + "notes/", screening.note_add, name="note_add"),
    # public verification of a certificate (no login) and the certificate PDFs
    path("verify/", verify.verify_form, name="verify_form"),
    path("verify/<str:number>/", verify.verify_designation, name="verify_designation"),
    path(
        _designation + "certificate/<str:lang>/",
        verify.certificate_download,
        name="certificate_download",
    ),
    # a designation's life: its page and timeline, renewal, the officer's list and actions
    path("designations/", designation_pages.designation_list, name="designation_list"),
    path(_designation, designation_pages.designation_detail, name="designation_detail"),
    path(_designation + "renew/", designation_pages.renewal_start, name="renewal_start"),
    path(
        _designation + "reinstate/",
        designation_pages.designation_reinstate,
        name="designation_reinstate",
    ),
    path(_designation + "cases/new/", cases.case_open, name="case_open"),
    path("cases/<int:case_id>/", cases.case_detail, name="case_detail"),
    path("cases/<int:case_id>/respond/", cases.case_respond, name="case_respond"),
    path("cases/<int:case_id>/decide/", cases.case_decide, name="case_decide"),
    # annual outcome reports
    path("reports/", reports.report_list, name="report_list"),
    path("reports/<int:report_id>/", reports.report_detail, name="report_detail"),
    path("reports/<int:report_id>/submit/", reports.report_submit, name="report_submit"),
    path("reports/<int:report_id>/review/", reports.report_review, name="report_review"),
]
