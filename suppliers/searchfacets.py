"""The registry search's facets as the page and the API show them: labelled, ordered groups.

`SupplierSearch.facets()` counts facet tokens over every match ({"region": Counter({"zrbusan":
3})}); this turns them into groups of values, each with its label in the active language, its
count, whether the search selects it, and the query string that toggles it while keeping the
rest of the query (the page's links and the API's `query` alike).

A group with a selected value shows that value only (and, for a selected technology area, the
fields inside it): the counts are those of the current matches, so another value of the same
group would show how many firms have both, while choosing it replaces the selection.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from suppliers.enums import CertificationKind, Region, SizeClass, Tier
from suppliers.forms import local_name
from suppliers.ksic import division_name
from suppliers.models import TechField
from suppliers.search import Criteria, SupplierSearch
from suppliers.searchtokens import facet_token

# The query parameters that filter (the search words and the ordering are not filters).
FILTERS = (
    "field", "region", "size", "tier", "designated", "confirmed", "industry", "certification",
)  # fmt: skip
# Never carried into a link that changes the search: a new search starts at its first page.
_DROPPED = ("page",)


@dataclass(frozen=True)
class FacetValue:
    value: str  # the query parameter's value: "busan", "AUTO-VISION", "true", "C29"
    label: str
    count: int | None  # None: choosing it widens the search (a selected field's area)
    selected: bool
    query: str  # the query string (no "?") that toggles this value, keeping the rest
    children: tuple["FacetValue", ...] = ()

    @property
    def url(self) -> str:
        return "?" + self.query


@dataclass(frozen=True)
class FacetGroup:
    name: str  # the query parameter
    label: str
    values: tuple[FacetValue, ...] = field(default=())


def _query(params: Mapping, **changes: str | None) -> str:
    """The query string of `params` with `changes` applied (None removes), empty values and
    the page number dropped, the order of the parameters kept."""
    pairs: dict[str, list[str]] = {}
    for name in params:
        if name in _DROPPED:
            continue
        values = params.getlist(name) if hasattr(params, "getlist") else [params[name]]
        pairs[name] = [value for value in values if value]
    for name, value in changes.items():
        pairs[name] = [value] if value else []
    return urlencode({name: values for name, values in pairs.items() if values}, doseq=True)


def clear_query(params: Mapping) -> str:
    """The query string without any filter: the words and the ordering stay."""
    return _query(params, **dict.fromkeys(FILTERS))


class _Builder:
    def __init__(self, counts: Mapping, params: Mapping):
        self.counts = counts
        self.params = params

    def value(self, name, value, label, count, *, selected, children=()) -> FacetValue:
        toggled = _query(self.params, **{name: None if selected else value})
        return FacetValue(
            value=value,
            label=str(label),
            count=count,
            selected=selected,
            query=toggled,
            children=tuple(children),
        )

    def group(self, name, label, options: Iterable[tuple[str, str, str]], chosen: str):
        """options: (value, label, token); a value shows when it has matches or is chosen."""
        values = []
        for value, value_label, token in options:
            count = self.counts.get(name, {}).get(token, 0)
            if count or value == chosen:
                values.append(self.value(name, value, value_label, count, selected=value == chosen))
        if chosen:
            values = [v for v in values if v.selected]
        return FacetGroup(name=name, label=str(label), values=tuple(values))


def _choices(letter: str, choices) -> list[tuple[str, str, str]]:
    return [(value, label, facet_token(letter, value)) for value, label in choices]


def _field_tree(builder: _Builder, chosen: str, tech_fields: Iterable[TechField]) -> FacetGroup:
    """Areas with the fields inside them; `field` takes an area code or a field code."""
    areas: dict[int, tuple] = {}
    for tech_field in tech_fields:
        areas.setdefault(tech_field.area_id, (tech_field.area, []))[1].append(tech_field)
    area_counts, field_counts = builder.counts.get("area", {}), builder.counts.get("field", {})
    values = []
    for area, fields in areas.values():
        codes = {f.code for f in fields}
        if chosen and chosen != area.code and chosen not in codes:
            continue  # another area is chosen
        shown = [f for f in fields if field_counts.get(facet_token("f", f.code))]
        if chosen in codes:  # a field is chosen: its area only widens the search again
            shown, count = [f for f in fields if f.code == chosen], None
        else:
            count = area_counts.get(facet_token("a", area.code), 0)
            if not count and chosen != area.code:
                continue
        children = [
            builder.value(
                "field", f.code, local_name(f), field_counts.get(facet_token("f", f.code), 0),
                selected=f.code == chosen,
            )
            for f in shown
        ]  # fmt: skip
        values.append(
            builder.value(
                "field", area.code, local_name(area), count,
                selected=area.code == chosen, children=children,
            )
        )  # fmt: skip
    if chosen and not values:  # a code the taxonomy does not know: it can still be removed
        values.append(builder.value("field", chosen, chosen, 0, selected=True))
    return FacetGroup(name="field", label=str(_("Technology field")), values=tuple(values))


def _industries(counts: Mapping, chosen: str) -> list[tuple[str, str, str]]:
    divisions = {token[2:].upper() for token in counts.get("industry", {})}
    if chosen:
        divisions.add(chosen)
    options = []
    for division in sorted(divisions):
        name = division_name(division)
        options.append(
            (division, f"{division} {name}" if name else division, facet_token("k", division))
        )
    return options


def _boolean(value: bool | None) -> str:
    return "" if value is None else "true" if value else "false"


def facet_groups(
    search: SupplierSearch, *, params: Mapping, tech_fields: Iterable[TechField]
) -> list[FacetGroup]:
    """The facet groups of a search, in the order the page shows them.

    `params` is the request's query (request.GET or request.query_params); `tech_fields` the
    technology fields with their areas (TechField.objects.select_related("area")).
    """
    criteria: Criteria = search.criteria
    builder = _Builder(search.facets(), params)
    return [
        _field_tree(builder, criteria.field, tech_fields),
        builder.group("region", _("Region"), _choices("r", Region.choices), criteria.region),
        builder.group("size", _("Firm size"), _choices("s", SizeClass.choices), criteria.size),
        builder.group("tier", _("Tier"), _choices("t", Tier.choices), criteria.tier),
        builder.group(
            "designated",
            _("Designation"),
            [
                ("true", _("Valid designation"), facet_token("d", "valid")),
                ("false", _("No valid designation"), facet_token("d", "other")),
            ],
            _boolean(criteria.designated),
        ),
        builder.group(
            "confirmed",
            _("Verified outcomes"),
            [("true", _("Customer-confirmed outcomes"), facet_token("o", "confirmed"))],
            "true" if criteria.confirmed else "",
        ),
        builder.group(
            "industry",
            _("Industry served"),
            _industries(builder.counts, criteria.industry),
            criteria.industry,
        ),
        builder.group(
            "certification",
            _("Certification"),
            _choices("c", CertificationKind.choices),
            criteria.certification,
        ),
    ]
