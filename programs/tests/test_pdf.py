"""The bonus-points confirmation PDF, read back as a viewer and a phone would: the text through
pypdf, the QR code decoded from the page rendered to an image (as designations/tests/test_pdf.py
does for the certificate)."""

import datetime
import io
from dataclasses import replace
from decimal import Decimal

import pypdfium2
import pytest
import zxingcpp
from django.utils import timezone
from pypdf import PdfReader

from designations.tests.factories import make_designation
from programs import services
from programs.enums import ProgrammeKind
from programs.pdf import BonusConfirmationData, bonus_confirmation_pdf, verify_url
from programs.tests.factories import ProgrammeFactory, RuleFactory

TODAY = timezone.localdate()
NUMBER = "가점-2026-1A2B3C4D"
VERIFY_URL = "https://registry.example.kr/verify/bonus/%EA%B0%80%EC%A0%90-2026-1A2B3C4D/"
VERIFY_URL_PRINTED = "https://registry.example.kr/verify/bonus/가점-2026-1A2B3C4D/"

KOREAN = BonusConfirmationData(
    lang="ko",
    number=NUMBER,
    firm_name="㈜한빛비전",
    business_number="123-45-67890",
    ceo_name="김대표",
    designation_number="스마트제조-2026-0007",
    tier="성장형",
    designation_from=datetime.date(2026, 3, 1),
    designation_until=datetime.date(2029, 2, 28),
    programmes=[
        {"name": "스마트공장 보급사업 공급기업 가점", "provider": "중소벤처기업부", "points": "3"},
        {"name": "중소기업 R&D 평가 가점", "provider": "중소기업기술정보진흥원", "points": "2.5"},
    ],
    issued_on=datetime.date(2026, 11, 24),
    valid_until=datetime.date(2027, 2, 22),
    issuer="중소벤처기업부장관",
    verify_url=VERIFY_URL,
)
ENGLISH = replace(
    KOREAN,
    lang="en",
    firm_name="Hanbit Vision Co., Ltd.",
    tier="Growth",
    programmes=[
        {"name": "Supplier bonus", "provider": "Ministry of SMEs and Startups", "points": "3"}
    ],
    issuer="Minister of SMEs and Startups",
)


def _text(pdf: bytes) -> str:
    (page,) = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(page.extract_text().split())


def _qr_codes(pdf: bytes) -> list[tuple]:
    document = pypdfium2.PdfDocument(pdf)
    image = document[0].render(scale=150 / 72).to_pil()  # a 150 dpi scan
    codes = [(code.format, code.text) for code in zxingcpp.read_barcodes(image)]
    document.close()
    return codes


def test_the_korean_confirmation_prints_the_firm_its_designation_and_the_points():
    text = _text(bonus_confirmation_pdf(KOREAN))
    for printed in (
        NUMBER, "가점 확인서", "Bonus-points confirmation", "㈜한빛비전", "123-45-67890",
        "김대표", "스마트제조-2026-0007", "성장형", "스마트공장 보급사업 공급기업 가점", "+3",
        "중소기업 R&D 평가 가점", "+2.5", "중소벤처기업부장관", VERIFY_URL_PRINTED,
    ):  # fmt: skip
        assert printed in text, printed
    assert "2026년 3월 1일" in text and "2029년 2월 28일" in text  # the designation's validity
    assert "2026년 11월 24일" in text  # issued on
    assert "2027년 2월 22일" in text  # valid until


def test_the_english_confirmation_reads_in_english():
    text = _text(bonus_confirmation_pdf(ENGLISH))
    for printed in ("Bonus-points confirmation", "Hanbit Vision Co., Ltd.", "Growth",
                    "Supplier bonus", "This confirmation is valid until 22 February 2027.",
                    "Minister of SMEs and Startups", "24 November 2026"):  # fmt: skip
        assert printed in text, printed


def test_one_a4_page_with_the_title_and_number_as_metadata():
    reader = PdfReader(io.BytesIO(bonus_confirmation_pdf(KOREAN)))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert (reader.metadata.title, reader.metadata.subject) == ("가점 확인서", NUMBER)


def test_a_long_list_of_programmes_still_fits_on_one_page():
    many = [{"name": f"가점 사업 {n}", "provider": "중소벤처기업부", "points": "1"}
            for n in range(40)]  # fmt: skip
    reader = PdfReader(io.BytesIO(bonus_confirmation_pdf(replace(KOREAN, programmes=many))))
    assert len(reader.pages) == 1
    assert "가점 사업 39" in " ".join(reader.pages[0].extract_text().split())


def test_without_programmes_it_says_so():
    text = _text(bonus_confirmation_pdf(replace(ENGLISH, programmes=[])))
    assert "no programme of this registry gave it bonus points" in text


def test_the_qr_code_decodes_to_the_verification_url():
    for data in (KOREAN, ENGLISH):
        assert _qr_codes(bonus_confirmation_pdf(data)) == [
            (zxingcpp.BarcodeFormat.QRCode, VERIFY_URL)
        ]


@pytest.mark.django_db
def test_issuing_stores_the_pdf_with_the_number_firm_designation_and_qr(member, settings):
    settings.SITE_URL = "https://registry.example.kr"
    firm = member.firm
    designation = make_designation(firm, valid_from=TODAY - datetime.timedelta(days=10))
    bonus = ProgrammeFactory(kind=ProgrammeKind.BONUS, bonus_points=Decimal("3.00"),
                             name_ko="공급기업 가점", max_amount=None)  # fmt: skip
    RuleFactory(programme=bonus)
    services.eligibility_refresh(firm_ids=[firm.pk])

    confirmation = services.bonus_confirmation_issue(firm=firm, actor=member, language="ko")

    assert confirmation.file.name == (
        f"bonus-confirmations/firm-{firm.pk}/{confirmation.number}.pdf"
    )
    with confirmation.file.open("rb") as handle:
        pdf = handle.read()
    text = _text(pdf)
    for printed in (confirmation.number, firm.name_ko, designation.number, "공급기업 가점", "+3",
                    firm.business_number_display):  # fmt: skip
        assert printed in text, printed
    assert _qr_codes(pdf) == [(zxingcpp.BarcodeFormat.QRCode, verify_url(confirmation.number))]
    assert verify_url(confirmation.number).startswith("https://registry.example.kr/verify/bonus/")
