"""Won as people read them: one writing of an amount for the pages, the reasons and the API."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

EOK, MAN = 100_000_000, 10_000  # 억, 만


def grouped(number: int | Decimal) -> str:
    return number_format(number, use_l10n=True, force_grouping=True)


def won(amount: int) -> str:
    """Won as Koreans read them (4억 5,000만 원) in Korean; grouped digits in English."""
    if not (get_language() or "ko").startswith("ko"):
        return _("%(amount)s won") % {"amount": grouped(amount)}
    eok, rest = divmod(amount, EOK)
    man, unit = divmod(rest, MAN)
    if unit or not (eok or man):
        return f"{grouped(amount)}원"
    parts = [f"{grouped(eok)}억"] if eok else []
    parts += [f"{grouped(man)}만"] if man else []
    return " ".join(parts) + " 원"
