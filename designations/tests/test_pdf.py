"""The certificate PDF, read back as a viewer and a phone would: the text through pypdf, the
fonts from the page's resources, the QR code decoded from the page rendered to an image."""

import io
from dataclasses import replace
from datetime import date

import pypdfium2
import zxingcpp
from django.utils.translation import override
from pypdf import PdfReader

from designations.pdf import CertificateData, certificate_pdf, statement

FIRM = "(주)스마트비전 창원"
NUMBER = "스마트제조-2026-0001"
# What services.certificates.verify_url gives: reverse() percent-encodes the Hangul.
VERIFY_URL = (
    "https://registry.example.kr/verify/%EC%8A%A4%EB%A7%88%ED%8A%B8%EC%A0%9C%EC%A1%B0-2026-0001/"
)
VERIFY_URL_PRINTED = "https://registry.example.kr/verify/스마트제조-2026-0001/"
LAW = "중소기업 스마트제조혁신 촉진에 관한 법률 제10조"
ALL_FIELDS_EN = [
    "Identification and machine vision", "Industrial and collaborative robots", "Smart sensors",
    "Automated equipment", "Industrial networks", "Control and controllers",
    "Edge and IIoT devices", "Production management", "Logistics", "ERP", "PLM, CAD and CAE",
    "Digital twin and CPS", "Manufacturing data and AI", "Cloud and SaaS", "OT security",
]  # fmt: skip

KOREAN = CertificateData(
    lang="ko",
    number=NUMBER,
    firm_name=FIRM,
    ceo_name="김대표",
    business_number="123-45-67890",
    address="경상남도 창원시 성산구 중앙대로 123, 4층",
    tier="선도형",
    fields=["식별·머신비전", "산업용·협동로봇"],
    valid_from=date(2026, 12, 1),
    valid_until=date(2029, 11, 30),
    legal_basis=LAW,
    issuer="중소벤처기업부장관",
    issued_on=date(2026, 11, 24),
    verify_url=VERIFY_URL,
)
ENGLISH = replace(
    KOREAN,
    lang="en",
    tier="Leading",
    fields=["Identification and machine vision", "Industrial and collaborative robots"],
    issuer="Minister of SMEs and Startups",
)


def _read(data: CertificateData) -> PdfReader:
    return PdfReader(io.BytesIO(certificate_pdf(data)))


def _text(data: CertificateData) -> str:
    """The page's text with line breaks and runs of spaces as single spaces."""
    (page,) = _read(data).pages
    return " ".join(page.extract_text().split())


def test_the_korean_certificate_prints_firm_number_korean_dates_and_the_address_to_verify():
    text = _text(KOREAN)
    for printed in (FIRM, NUMBER, "123-45-67890", "김대표", "선도형", "식별·머신비전", LAW):
        assert printed in text
    assert "2026년 12월 1일" in text and "2029년 11월 30일" in text  # validity
    assert "2026년 11월 24일" in text  # issued on
    assert "중소벤처기업부장관" in text
    assert VERIFY_URL_PRINTED in text  # readable, not percent-encoded


def test_the_english_certificate_prints_the_korean_firm_name_and_english_dates():
    text = _text(ENGLISH)
    for printed in (FIRM, NUMBER, "Leading", "Identification and machine vision"):
        assert printed in text
    assert "1 December 2026" in text and "30 November 2029" in text
    assert "24 November 2026" in text
    assert "Minister of SMEs and Startups" in text
    assert VERIFY_URL_PRINTED in text
    assert "Certificate of Designation" in text


def test_one_a4_page_with_title_issuer_and_number_as_metadata():
    reader = _read(ENGLISH)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    meta = reader.metadata
    assert meta.title == "Certificate of Designation: Smart Manufacturing Specialist Supplier"
    assert (meta.author, meta.subject) == ("Minister of SMEs and Startups", NUMBER)
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_every_font_is_the_shipped_korean_font_embedded_as_a_subset():
    (page,) = _read(KOREAN).pages
    fonts = [font.get_object() for font in page["/Resources"]["/Font"].values()]
    names = set()
    for font in fonts:
        assert "/FontFile2" in font["/FontDescriptor"]  # TrueType outlines in the file
        assert "/ToUnicode" in font  # why the text above reads back as Hangul
        prefix, _plus, name = font["/BaseFont"].lstrip("/").partition("+")
        assert len(prefix) == 6 and prefix.isupper()  # a subset, not the 2.7 MB font
        names.add(name)
    assert names == {"Pretendard-Regular", "Pretendard-Bold"}  # no Helvetica fallback


def test_the_qr_code_on_the_page_decodes_to_the_verification_url():
    for data in (KOREAN, ENGLISH):
        document = pypdfium2.PdfDocument(certificate_pdf(data))
        image = document[0].render(scale=150 / 72).to_pil()  # a 150 dpi scan
        codes = zxingcpp.read_barcodes(image)
        assert [(code.format, code.text) for code in codes] == [
            (zxingcpp.BarcodeFormat.QRCode, VERIFY_URL)
        ]
        document.close()


def test_all_fifteen_fields_wrap_in_their_cell_and_all_print():
    text = _text(replace(ENGLISH, fields=ALL_FIELDS_EN))
    assert ", ".join(ALL_FIELDS_EN) in text


def test_an_absurdly_long_field_list_still_fits_one_page():
    fields = [f"기술 분야 {n} 스마트 제조 실행 시스템" for n in range(80)]
    (page,) = _read(replace(KOREAN, fields=fields)).pages
    assert "기술 분야 79 스마트 제조 실행 시스템" in " ".join(page.extract_text().split())


def test_without_a_legal_basis_the_statement_names_no_law():
    english = _text(replace(ENGLISH, legal_basis=""))
    assert (
        "The firm named above is hereby designated a smart manufacturing specialist supplier."
        in english
    )
    assert " under " not in english
    korean = _text(replace(KOREAN, legal_basis="  \n "))
    assert "「" not in korean and "」" not in korean


def test_with_a_legal_basis_the_statement_names_it_as_one_line_of_text():
    assert (
        "The firm named above is hereby designated a smart manufacturing specialist supplier "
        f"under {LAW}." in _text(ENGLISH)
    )
    with override("en"):
        assert statement("스마트제조혁신법\n 제10조") == (
            "The firm named above is hereby designated a smart manufacturing specialist "
            "supplier under 스마트제조혁신법 제10조."
        )


def test_data_is_printed_as_text_never_read_as_markup():
    text = _text(replace(KOREAN, firm_name="R&D <스마트> & Co.", address="<b>창원</b>"))
    assert "R&D <스마트> & Co." in text and "<b>창원</b>" in text
