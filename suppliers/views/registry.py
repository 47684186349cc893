"""The public registry: the search page (with its htmx partials), a supplier's public profile and
the side-by-side comparison of up to three suppliers.

The search page works as a plain GET form and links; with htmx, the same view answers a request
marked `HX-Request` with the results and facets only, and the page swaps them in place.
"""

import itertools
import re
from dataclasses import replace

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from suppliers import searchfacets, selectors
from suppliers.enums import OutcomeCategory
from suppliers.forms import SupplierSearchForm, local_name
from suppliers.ksic import division_name
from suppliers.models import Capability, Firm, TechField
from suppliers.search import autocomplete, supplier_search
from suppliers.search import tech_fields as search_tech_fields
from suppliers.searchindex import ksic_division

PAGE_SIZE = 20
_ID = re.compile(r"[0-9]{1,18}")  # longer would overflow the database's integer
COMPARE_MAX = 3
# The visitor's comparison, remembered in a cookie (firm ids, nothing else; no session row for
# a visitor) so that a profile reached from the search adds to it instead of starting a new one.
# It lasts as long as the browser session. Ids are joined with "." (a comma would be quoted).
COMPARE_COOKIE = "compare"
# The categories the comparison puts side by side (safety and energy stay on the profiles).
COMPARED_CATEGORIES = (
    OutcomeCategory.PRODUCTIVITY,
    OutcomeCategory.QUALITY,
    OutcomeCategory.COST,
    OutcomeCategory.DELIVERY,
)


def _is_htmx(request) -> bool:
    """An htmx request for a part of the page. htmx marks its history restores (the back button
    after its cache lost the page) as htmx requests too, but those need the whole page."""
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


# --- the search page --------------------------------------------------------------------------


def _search_form(query: QueryDict, tech_fields) -> tuple[SupplierSearchForm, QueryDict, bool]:
    """The valid search form, the query it stands for, and whether part of the query was
    refused. A value the form refuses (an old link, a hand-edited address) is dropped, so the
    page still shows the rest of the search."""
    form = SupplierSearchForm(query, tech_fields=tech_fields)
    if form.is_valid():
        return form, query, False
    kept = query.copy()
    for name in form.errors:
        kept.pop(name, None)
    form = SupplierSearchForm(kept, tech_fields=tech_fields)
    form.is_valid()  # what is left are values the form took once already
    return form, kept, True


@require_safe
def supplier_list(request):
    tech_fields = search_tech_fields()
    form, query, refused = _search_form(request.GET, tech_fields)
    criteria = form.criteria()
    # The sort menu shows "relevance" first; without words that means designated firms and
    # confirmed outcomes first, then by name.
    search = supplier_search(replace(criteria, ordering=criteria.ordering or "relevance"))
    page = Paginator(search, PAGE_SIZE).get_page(request.GET.get("page"))
    prefetch_related_objects(
        page.object_list,
        Prefetch("capabilities", queryset=Capability.objects.select_related("tag__field")),
    )
    # The comparison so far: its firms on this page come ticked, the others are listed ticked
    # above the results, so that the visitor sees every place taken and may free one.
    remembered = remembered_comparison(request)
    shown = {firm.pk for firm in page.object_list}
    context = {
        "form": form,
        "page": page,
        "search": search,
        "compared": [pk for pk, _name in remembered],
        "compared_elsewhere": [(pk, name) for pk, name in remembered if pk not in shown],
        "compare_places_left": max(COMPARE_MAX - len(remembered), 0),
        "facets": searchfacets.facet_groups(search, params=query, tech_fields=tech_fields),
        "filters": [(name, query.get(name)) for name in searchfacets.FILTERS if query.get(name)],
        "clear_query": searchfacets.clear_query(query),
        "refused": refused,
        "areas": list({f.area_id: f.area for f in tech_fields}.values()),
        "compare_max": COMPARE_MAX,
    }
    template = "suppliers/registry/update.html" if _is_htmx(request) else None
    response = render(request, template or "suppliers/supplier_list.html", context)
    # The page and its partial share one address, and the comparison's cookie ticks boxes: a
    # cache must keep them apart.
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request", "Cookie"])
    return response


@require_safe
def supplier_autocomplete(request):
    """Suggestions under the search box (htmx): matching firms and solution tags."""
    text = request.GET.get("search", "")[:100]
    found = autocomplete(text)
    tags = [
        {"code": tag.code, "name": local_name(tag), "field": local_name(tag.field)}
        for tag in found["tags"]
    ]
    context = {
        "text": text.strip(),
        "firms": found["firms"],
        "tags": tags,
        "total": len(found["firms"]) + len(tags),
    }
    return render(request, "suppliers/registry/autocomplete.html", context)


# --- a supplier's profile ---------------------------------------------------------------------


def _capability_groups(firm: Firm) -> list[tuple[TechField, list[Capability]]]:
    """The firm's capabilities by technology field, in the taxonomy's order."""
    groups = []
    # Capabilities come ordered by area, field and tag.
    for _field_id, grouped in itertools.groupby(firm.capabilities.all(), lambda c: c.tag.field_id):
        capabilities = list(grouped)
        groups.append((capabilities[0].tag.field, capabilities))
    return groups


def _cookie_ids(request) -> list[int]:
    return compare_ids([request.COOKIES.get(COMPARE_COOKIE, "").replace(".", ",")])[:COMPARE_MAX]


def remembered_comparison(request) -> list[tuple[int, str]]:
    """(id, Korean name) of the firms of the comparison this visitor last looked at, in its
    order: only those the public registry still shows (a firm may have left it since, and a
    cookie may be edited). One query, none without the cookie."""
    return selectors.public_firm_names(_cookie_ids(request))


def _remember_comparison(request, response, ids: list[int]) -> None:
    if _cookie_ids(request) == ids:
        return
    if ids:
        response.set_cookie(
            COMPARE_COOKIE,
            ".".join(str(pk) for pk in ids),
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    else:
        response.delete_cookie(COMPARE_COOKIE, samesite="Lax")


def compare_ids(values: list[str]) -> list[int]:
    """The firm ids of `?ids=1,2,3` (or `?ids=1&ids=2`, as a form of checkboxes sends them),
    in order, each once; anything that is not a number is dropped."""
    ids = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if _ID.fullmatch(part) and int(part) not in ids:
                ids.append(int(part))
    return ids


@require_safe
def supplier_detail(request, firm_id: int):
    firm = get_object_or_404(selectors.public_profile(selectors.public_firms()), pk=firm_id)
    deployments = list(firm.deployments.all())
    for deployment in deployments:
        deployment.industry_name = division_name(ksic_division(deployment.customer_ksic))
    # "Add to comparison" keeps the suppliers already chosen: `?compare=1,2` from that page, or
    # the comparison this visitor last looked at.
    if "compare" in request.GET:
        chosen = compare_ids(request.GET.getlist("compare"))
    else:
        chosen = [pk for pk, _name in remembered_comparison(request)]
    context = {
        "firm": firm,
        "capability_groups": _capability_groups(firm),
        "deployments": deployments,
        "certifications": selectors.certification_states(firm, timezone.localdate()),
        "confirmed_count": selectors.confirmed_outcome_count(deployments),
        "in_comparison": firm.pk in chosen,
        # Adding to a full comparison takes the place of the last one chosen: the button says so.
        "comparison_full": firm.pk not in chosen and len(chosen) >= COMPARE_MAX,
        "compare_max": COMPARE_MAX,
        "compare_ids": _joined(
            chosen[:COMPARE_MAX] if firm.pk in chosen else [*chosen[: COMPARE_MAX - 1], firm.pk]
        ),
    }
    response = render(request, "suppliers/supplier_detail.html", context)
    patch_vary_headers(response, ["Cookie"])  # "Add to comparison" follows the cookie
    return response


def _joined(ids) -> str:
    return ",".join(str(pk) for pk in ids)


# --- the comparison ---------------------------------------------------------------------------


def _best_outcomes(deployments) -> dict[str, object]:
    """{category: the outcome with the largest change}, confirmed outcomes first.

    The size of the change, not its sign: a lower defect rate and a higher output are both
    improvements, and an outcome does not say which way is better.
    """
    best = {}
    for deployment in deployments:
        for outcome in deployment.outcomes.all():
            key = (outcome.is_confirmed, abs(outcome.change_percent or 0))
            if outcome.category not in best or key > best[outcome.category][0]:
                best[outcome.category] = (key, outcome)
    return {category: outcome for category, (_key, outcome) in best.items()}


def _comparison(firm: Firm, today) -> dict:
    deployments = list(firm.deployments.all())
    fields = {c.tag.field_id: c.tag.field for c in firm.capabilities.all()}
    return {
        "firm": firm,
        "fields": list(fields.values()),
        "capabilities": list(firm.capabilities.all()),
        "certifications": [c for c in firm.certifications.all() if c.is_valid_on(today)],
        "deployment_count": len(deployments),
        "confirmed_count": selectors.confirmed_outcome_count(deployments),
        "best_outcomes": _best_outcomes(deployments),
    }


@require_safe
def supplier_compare(request):
    wanted = compare_ids(request.GET.getlist("ids"))
    notes = []
    if len(wanted) > COMPARE_MAX:
        notes.append(
            _("Only %(max)d suppliers can be compared: the first %(max)d are shown.")
            % {"max": COMPARE_MAX}
        )
        wanted = wanted[:COMPARE_MAX]
    found = selectors.public_profile(selectors.public_firms()).in_bulk(wanted)
    dropped = len(wanted) - len(found)
    if dropped:
        notes.append(
            ngettext(
                "%(count)d supplier is not in the public registry and was left out.",
                "%(count)d suppliers are not in the public registry and were left out.",
                dropped,
            )
            % {"count": dropped}
        )
    today = timezone.localdate()
    columns = [_comparison(found[pk], today) for pk in wanted if pk in found]
    ids = [column["firm"].pk for column in columns]
    for column in columns:  # each column's "remove" link keeps the others
        column["without"] = _joined(pk for pk in ids if pk != column["firm"].pk)
    context = {
        "columns": columns,
        "notes": notes,
        "ids": _joined(ids),
        "outcome_rows": [
            (category.label, [column["best_outcomes"].get(category) for column in columns])
            for category in COMPARED_CATEGORIES
        ],
        "search_url": reverse("supplier_list"),
    }
    response = render(request, "suppliers/registry/compare.html", context)
    _remember_comparison(request, response, ids)
    return response
