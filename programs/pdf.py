"""The bonus-points confirmation (가점 확인서): one A4 page, in Korean or in English.

It looks like the designation certificate and is built from the same parts (designations.pdf:
the shipped Korean font, the border, styles, the labelled table, the issuer's signature, the QR
code with its caption and printed address): `confirmation_data` gathers
what is printed, in the confirmation's language; `bonus_confirmation_pdf` lays it out with no
database; `render_bonus_confirmation` stores the file. The QR code opens the public page
/verify/bonus/<number>/, which says whether the confirmation still holds (it ends with its own
validity, or as soon as the designation is no longer valid).
"""

import io
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, KeepInFrame, Spacer, Table, TableStyle

from designations.pdf import (
    CONTENT_WIDTH,
    FONT,
    MARGIN,
    MUTED,
    PAGE_HEIGHT,
    QR_SIZE,
    SHADE,
    TABLE_STYLE,
    date_text,
    draw_border,
    draw_signature,
    draw_verification,
    fonts_register,
    label_table,
    paragraph_style,
    styled_text,
)
from programs import wording
from suppliers.enums import Tier

SIGNATURE_HEIGHT = 40 * mm
# The title in both languages: the document's own language first.
TITLES = {
    "ko": ("가점 확인서", "Bonus-points confirmation"),
    "en": ("Bonus-points confirmation", "가점 확인서"),
}
POINTS_WIDTH = 24 * mm


@dataclass(frozen=True)
class BonusConfirmationData:
    lang: str  # "ko" or "en"
    number: str  # 가점-2026-1A2B3C4D
    firm_name: str  # in the confirmation's language
    business_number: str  # 123-45-67890
    ceo_name: str
    designation_number: str
    tier: str  # label in the language
    designation_from: date
    designation_until: date
    programmes: list[dict]  # [{"name", "provider", "points"}] in the language
    issued_on: date
    valid_until: date
    issuer: str
    verify_url: str  # absolute, encoded in the QR code


def verify_url(number: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("bonus_verify", args=[number])


def confirmation_data(confirmation) -> BonusConfirmationData:
    """What the confirmation prints, in its language, from what was recorded when issued."""
    lang = confirmation.language if confirmation.language in TITLES else "ko"
    firm, designation = confirmation.firm, confirmation.designation
    tier = confirmation.content.get("tier") or designation.tier
    with translation.override(lang):
        tier_label = str(Tier(tier).label) if tier in Tier.values else tier
    return BonusConfirmationData(
        lang=lang,
        number=confirmation.number,
        firm_name=(firm.name_en or firm.name_ko) if lang == "en" else firm.name_ko,
        business_number=firm.business_number_display,
        ceo_name=firm.ceo_name,
        designation_number=designation.number,
        tier=tier_label,
        designation_from=designation.valid_from,
        designation_until=designation.valid_until,
        programmes=wording.confirmation_programmes(confirmation.content, lang),
        issued_on=timezone.localtime(confirmation.issued_at).date(),
        valid_until=confirmation.valid_until,
        issuer=settings.CERTIFICATE_ISSUER[lang],
        verify_url=verify_url(confirmation.number),
    )


def render_bonus_confirmation(confirmation) -> None:
    """Render the confirmation's PDF into confirmation.file."""
    pdf = bonus_confirmation_pdf(confirmation_data(confirmation))
    confirmation.file.save(f"{confirmation.number}.pdf", ContentFile(pdf), save=False)
    confirmation.save(update_fields=["file"])


def bonus_confirmation_pdf(data: BonusConfirmationData) -> bytes:
    fonts_register()
    buffer = io.BytesIO()
    with translation.override(data.lang):
        canvas = Canvas(buffer, pagesize=A4, lang=data.lang, initialFontName=FONT)
        canvas.setTitle(TITLES[data.lang][0])
        canvas.setAuthor(data.issuer)
        canvas.setSubject(data.number)
        canvas.setCreator(_("Smart Manufacturing Registry"))
        draw_border(canvas)
        _body(canvas, data)
        draw_signature(
            canvas, issued_on=data.issued_on, lang=data.lang, issuer=data.issuer,
            height=SIGNATURE_HEIGHT,
        )  # fmt: skip
        draw_verification(
            canvas,
            url=data.verify_url,
            caption=_(
                "Scan the QR code, or open the address below, to check that this confirmation "
                "and the designation it rests on are still valid."
            ),
        )
        canvas.showPage()
        canvas.save()
    return buffer.getvalue()


def _body(canvas: Canvas, data: BonusConfirmationData) -> None:
    """Number, title, the firm and its designation, the statement and the programmes, shrunk
    to fit when the list is long."""
    bottom = MARGIN + QR_SIZE + SIGNATURE_HEIGHT
    height = PAGE_HEIGHT - MARGIN - bottom
    title, subtitle = TITLES[data.lang]
    centred = {"alignment": TA_CENTER}
    flowables = [
        styled_text(pgettext("certificate", "No. %(number)s") % {"number": data.number},
              paragraph_style("number", 10.5)),
        Spacer(0, 10 * mm),
        styled_text(title, paragraph_style("title", 26, bold=True, leading=34, **centred)),
        styled_text(subtitle, paragraph_style("subtitle", 13, textColor=MUTED, **centred)),
        Spacer(0, 9 * mm),
        _firm_table(data),
        Spacer(0, 8 * mm),
        styled_text(_statement(data), paragraph_style("statement", 12, leading=19)),
        Spacer(0, 5 * mm),
        _programme_table(data),
        Spacer(0, 6 * mm),
        styled_text(_validity(data), paragraph_style("validity", 12, bold=True, leading=19)),
    ]  # fmt: skip
    frame = Frame(MARGIN, bottom, CONTENT_WIDTH, height, 0, 0, 0, 0, showBoundary=0)
    frame.addFromList([KeepInFrame(CONTENT_WIDTH, height, flowables, mode="shrink")], canvas)


def _statement(data: BonusConfirmationData) -> str:
    if data.programmes:
        return _(
            "The firm named above holds a valid designation as a smart manufacturing specialist "
            "supplier and, on the day of issue, qualifies for the bonus points below."
        )
    return _(
        "The firm named above holds a valid designation as a smart manufacturing specialist "
        "supplier. On the day of issue, no programme of this registry gave it bonus points."
    )


def _validity(data: BonusConfirmationData) -> str:
    return _("This confirmation is valid until %(day)s.") % {
        "day": date_text(data.valid_until, data.lang)
    }


def _firm_table(data: BonusConfirmationData) -> Table:
    period = _("%(start)s to %(end)s") % {
        "start": date_text(data.designation_from, data.lang),
        "end": date_text(data.designation_until, data.lang),
    }
    rows = [
        (pgettext("certificate", "Firm name"), data.firm_name),
        (_("Business registration number"), data.business_number),
        (_("CEO"), data.ceo_name),
        (_("Designation number"), data.designation_number),
        (pgettext("certificate", "Tier"), data.tier),
        (_("Validity period"), period),
    ]
    return label_table(rows)


def _programme_table(data: BonusConfirmationData) -> Table | Spacer:
    if not data.programmes:
        return Spacer(0, 0)
    head, cell = paragraph_style("head", 10, bold=True), paragraph_style("cell", 10, leading=14)
    points = paragraph_style("points", 10, bold=True, alignment=2)  # right-aligned
    points_head = paragraph_style("points_head", 10, bold=True, alignment=2)
    rows = [[styled_text(_("Programme"), head), styled_text(_("Provider"), head),
             styled_text(_("Points"), points_head)]]  # fmt: skip
    rows += [
        [styled_text(item["name"], cell), styled_text(item["provider"], cell),
         styled_text(f"+{item['points']}", points)]
        for item in data.programmes
    ]  # fmt: skip
    provider_width = 50 * mm
    table = Table(
        rows,
        colWidths=[CONTENT_WIDTH - provider_width - POINTS_WIDTH, provider_width, POINTS_WIDTH],
        repeatRows=1,
    )
    table.setStyle(_PROGRAMME_STYLE)
    return table


# The firm table's rules, with the shaded row on top instead of the shaded first column.
_PROGRAMME_STYLE = TableStyle(
    [
        *(c for c in TABLE_STYLE.getCommands() if c[0] not in ("BACKGROUND", "LINEAFTER")),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
    ]
)
