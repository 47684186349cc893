"""Query parameters of the public registry list (`GET /api/v1/suppliers/`).

They are validated by the same form as the registry page (suppliers.forms.SupplierSearchForm),
so the page and the API accept and refuse the same values with the same messages; this module
only describes them for the schema.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from suppliers.enums import CertificationKind, Region, SizeClass, Tier
from suppliers.forms import SupplierSearchForm

ORDERING_VALUES = [value for value, _label in SupplierSearchForm.base_fields["ordering"].choices]


def _param(name: str, description: str, **kwargs) -> OpenApiParameter:
    return OpenApiParameter(name, type=kwargs.pop("type", str), description=description, **kwargs)


SUPPLIER_SEARCH_PARAMETERS = [
    _param(
        "search",
        "Words in Korean or English, also parts of words (two-syllable Korean words such as 로봇 "
        "included); each must appear in the firm's name, its solution tags and fields, its "
        "summary, address or region (경남, Gyeongnam), or its deployments. A particle after a "
        "word is ignored (로봇을, MES를). When nothing matches as typed, one typo per word is "
        "forgiven.",
    ),
    _param(
        "field",
        "A technology field code (e.g. INFO-MES) or an area code (e.g. INFO): firms offering a "
        "solution tag in it. The codes are in /api/v1/taxonomy/.",
    ),
    _param("region", "The firm's region.", enum=Region.values),
    _param("size", "The firm's size class.", enum=SizeClass.values),
    _param("designated", "true: a valid designation; false: all others.", type=OpenApiTypes.BOOL),
    _param("tier", "The tier of a valid designation.", enum=Tier.values),
    _param(
        "confirmed",
        "true: only firms with outcomes their customers confirmed; false is the same as leaving "
        "it out.",
        type=OpenApiTypes.BOOL,
    ),
    _param("industry", "An industry the firm has served: KSIC section and division, e.g. C29."),
    _param("certification", "A certification valid today.", enum=CertificationKind.values),
    _param(
        "ordering",
        "relevance (the default with `search`: a match in the name, then in solution tags, then "
        "elsewhere; a valid designation and confirmed outcomes first within each), name (the "
        "default without), designated_on or confirmed_outcomes; a leading - reverses.",
        enum=ORDERING_VALUES,
    ),
]
