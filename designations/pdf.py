"""The designation certificate (지정서): one A4 page, in Korean or in English.

A pure renderer: `designations.services.certificates` gathers what is printed, in the
certificate's language, into a `CertificateData`; this module only lays it out, so it needs no
database and the same data always prints the same page. Labels go through gettext inside
`override(data.lang)`, so both languages share one layout.

The font (Pretendard, SIL OFL, see designations/fonts/README.md) ships with the code and is
embedded as a subset: Korean prints the same on any machine and viewer, with no system font.
The QR code is vector, so it stays sharp in print; it encodes the public verification page,
so whoever holds a paper copy can check the designation's current status (a certificate says
only what was true on the day it was issued). The address is printed too, for those who
cannot scan.
"""

import io
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils import dateformat
from django.utils.encoding import uri_to_iri
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepInFrame, Paragraph, Spacer, Table, TableStyle

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT, FONT_BOLD = "Pretendard", "Pretendard-Bold"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 24 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
QR_SIZE = 30 * mm
SIGNATURE_HEIGHT = 48 * mm  # the issue date and the issuer, above the QR code
LABEL_WIDTH = 44 * mm
URL_GAP = 5 * mm  # from the caption's last line down to the printed address

INK = colors.HexColor("#1d2b4f")
SHADE = colors.HexColor("#eef1f7")
MUTED = colors.HexColor("#4a5468")

# Dates in the certificate's language: Korean "2026년 11월 24일", English "24 November 2026".
DATE_FORMATS = {"ko": "Y년 n월 j일", "en": "j F Y"}


@dataclass(frozen=True)
class CertificateData:
    lang: str  # "ko" or "en"
    number: str  # 스마트제조-2026-0001
    firm_name: str  # in the certificate's language
    ceo_name: str
    business_number: str  # display form 123-45-67890
    address: str
    tier: str  # label already in the language, e.g. "선도형" / "Leading"
    fields: list[str]  # technology field labels in the language
    valid_from: date
    valid_until: date
    legal_basis: str  # may be empty
    issuer: str  # issuing authority, e.g. "중소벤처기업부장관"
    issued_on: date
    verify_url: str  # absolute URL of the public verification page, encoded in the QR code


def certificate_pdf(data: CertificateData) -> bytes:
    """The certificate as PDF bytes."""
    fonts_register()
    buffer = io.BytesIO()
    with override(data.lang):
        canvas = Canvas(buffer, pagesize=A4, lang=data.lang, initialFontName=FONT)
        canvas.setTitle(title())
        canvas.setAuthor(data.issuer)
        canvas.setSubject(data.number)
        canvas.setCreator(_("Smart Manufacturing Registry"))
        draw_border(canvas)
        _body(canvas, data)
        draw_signature(canvas, issued_on=data.issued_on, lang=data.lang, issuer=data.issuer)
        draw_verification(
            canvas,
            url=data.verify_url,
            caption=_(
                "Scan the QR code, or open the address below, to verify the current status "
                "of this designation."
            ),
        )
        canvas.showPage()
        canvas.save()
    return buffer.getvalue()


@cache
def fonts_register() -> None:
    """Register the shipped font with reportlab, once per process."""
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "Pretendard-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "Pretendard-Bold.ttf")))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )


def title() -> str:
    return _("Certificate of Designation: Smart Manufacturing Specialist Supplier")


def date_text(day: date, lang: str) -> str:
    return dateformat.format(day, DATE_FORMATS.get(lang, DATE_FORMATS["en"]))


def statement(legal_basis: str) -> str:
    """The designating sentence; the law is named only when there is one."""
    legal_basis = " ".join(legal_basis.split())
    if not legal_basis:
        return _(
            "The firm named above is hereby designated a smart manufacturing specialist supplier."
        )
    return _(
        "The firm named above is hereby designated a smart manufacturing specialist supplier "
        "under %(legal_basis)s."
    ) % {"legal_basis": legal_basis}


def paragraph_style(name: str, size: float, *, bold: bool = False, **extra) -> ParagraphStyle:
    font = FONT_BOLD if bold else FONT
    extra.setdefault("leading", size * 1.45)
    extra.setdefault("textColor", INK)
    return ParagraphStyle(name, fontName=font, fontSize=size, **extra)


def styled_text(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: data is escaped, never read as markup."""
    return Paragraph(escape(text), style)


def draw_border(canvas: Canvas) -> None:
    """A double rule around the page, as on printed certificates."""
    canvas.setStrokeColor(INK)
    for inset, width in ((11 * mm, 1.8), (12.6 * mm, 0.5)):
        canvas.setLineWidth(width)
        canvas.rect(inset, inset, PAGE_WIDTH - 2 * inset, PAGE_HEIGHT - 2 * inset)


def _body(canvas: Canvas, data: CertificateData) -> None:
    """Number, title, the firm's table and the statement, shrunk to fit if they are long."""
    bottom = MARGIN + QR_SIZE + SIGNATURE_HEIGHT
    height = PAGE_HEIGHT - MARGIN - bottom
    number = pgettext("certificate", "No. %(number)s") % {"number": data.number}
    flowables = [
        styled_text(number, paragraph_style("number", 10.5)),
        Spacer(0, 14 * mm),
        *_title_lines(),
        Spacer(0, 12 * mm),
        _firm_table(data),
        Spacer(0, 12 * mm),
        styled_text(statement(data.legal_basis), paragraph_style("statement", 13.5, leading=23)),
    ]
    frame = Frame(MARGIN, bottom, CONTENT_WIDTH, height, 0, 0, 0, 0, showBoundary=0)
    frame.addFromList([KeepInFrame(CONTENT_WIDTH, height, flowables, mode="shrink")], canvas)


def _title_lines() -> list[Flowable]:
    """The title; what follows a colon ("...: Smart Manufacturing...") is a smaller second line."""
    main, _colon, rest = title().partition(": ")
    lines = [
        styled_text(main, paragraph_style("title", 26, bold=True, alignment=TA_CENTER, leading=34))
    ]
    if rest:
        lines.append(
            styled_text(rest, paragraph_style("subtitle", 16, bold=True, alignment=TA_CENTER))
        )
    return lines


def _firm_table(data: CertificateData) -> Table:
    period = _("%(start)s to %(end)s") % {
        "start": date_text(data.valid_from, data.lang),
        "end": date_text(data.valid_until, data.lang),
    }
    rows = [
        (pgettext("certificate", "Firm name"), data.firm_name),
        (_("CEO"), data.ceo_name),
        (_("Business registration number"), data.business_number),
        (pgettext("certificate", "Address"), data.address),
        (pgettext("certificate", "Tier"), data.tier),
        (_("Technology fields"), ", ".join(data.fields)),
        (_("Validity period"), period),
    ]
    return label_table(rows)


def label_table(rows: list[tuple[str, str]]) -> Table:
    """Rows of a label (shaded) and its value, ruled as on the certificate."""
    label, value = (
        paragraph_style("label", 10.5, bold=True),
        paragraph_style("value", 10.5, leading=16),
    )
    table = Table(
        [[styled_text(name, label), styled_text(text, value)] for name, text in rows],
        colWidths=[LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH],
    )
    table.setStyle(TABLE_STYLE)
    return table


TABLE_STYLE = TableStyle(
    [
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # else the cells select Helvetica, never embedded
        ("LINEABOVE", (0, 0), (-1, 0), 1.2, INK),
        ("LINEBELOW", (0, -1), (-1, -1), 1.2, INK),
        ("LINEBELOW", (0, 0), (-1, -2), 0.4, MUTED),
        ("LINEAFTER", (0, 0), (0, -1), 0.4, MUTED),
        ("BACKGROUND", (0, 0), (0, -1), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ("LEFTPADDING", (0, 0), (-1, -1), 9),
        ("RIGHTPADDING", (0, 0), (-1, -1), 9),
    ]
)


def draw_signature(
    canvas: Canvas, *, issued_on: date, lang: str, issuer: str, height: float = SIGNATURE_HEIGHT
) -> None:
    """The issue date and the issuing authority, centred above the QR code, in the `height`
    kept for them."""
    centred = {"alignment": TA_CENTER}
    issued = styled_text(date_text(issued_on, lang), paragraph_style("date", 13.5, **centred))
    issuer_text = styled_text(
        issuer, paragraph_style("issuer", 21, bold=True, leading=28, **centred)
    )
    top = MARGIN + QR_SIZE + height
    for paragraph, drop in ((issued, 6 * mm), (issuer_text, 10 * mm)):
        _width, paragraph_height = paragraph.wrapOn(canvas, CONTENT_WIDTH, height)
        top -= drop + paragraph_height
        paragraph.drawOn(canvas, MARGIN, top)


def draw_verification(canvas: Canvas, *, url: str, caption: str) -> None:
    """The QR code of `url` bottom left, and beside it the caption and the address it opens."""
    widget = QrCodeWidget(url, barLevel="M", barBorder=0)
    widget.barWidth = widget.barHeight = QR_SIZE
    drawing = Drawing(QR_SIZE, QR_SIZE, initialFontName=FONT)  # else it selects Helvetica
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, MARGIN, MARGIN)

    left = MARGIN + QR_SIZE + 6 * mm
    width = PAGE_WIDTH - MARGIN - left
    text = styled_text(caption, paragraph_style("caption", 9, textColor=MUTED))
    _width, caption_height = text.wrapOn(canvas, width, QR_SIZE)
    url_y = MARGIN + (QR_SIZE - caption_height - URL_GAP) / 2  # the pair centred on the code
    text.drawOn(canvas, left, url_y + URL_GAP)
    draw_url_line(canvas, uri_to_iri(url), left, url_y, width)


def draw_url_line(canvas: Canvas, url: str, x: float, y: float, width: float) -> None:
    """The address on one line (a broken URL cannot be typed), smaller if it is long."""
    size = min(9.0, 9.0 * width / pdfmetrics.stringWidth(url, FONT, 9.0))
    canvas.setFont(FONT, max(size, 5.0))
    canvas.setFillColor(INK)
    canvas.drawString(x, y, url)
