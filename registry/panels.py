"""Panels other apps add to the firm's dashboard, without suppliers importing them.

Data flows one way (suppliers <- designations <- evaluations, programs reads designations), yet
the firm's dashboard, a suppliers page, shows the firm's designations and, later, its eligible
programmes. Each app registers a function in its AppConfig.ready(); the dashboard asks for the
rendered panels of a firm. Each function returns HTML (or "" for nothing) and keeps its own
query count fixed.
"""

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

PanelFunction = Callable[..., str]
_FIRM_PANELS: list[tuple[int, PanelFunction]] = []


def register_firm_panel(function: PanelFunction, *, order: int = 50) -> PanelFunction:
    if all(existing is not function for _order, existing in _FIRM_PANELS):
        _FIRM_PANELS.append((order, function))
        _FIRM_PANELS.sort(key=lambda entry: entry[0])
    return function


def firm_panels(request, firm) -> list[SafeString]:
    """The rendered panels for this firm's dashboard, in order, leaving out empty ones."""
    rendered = (function(request=request, firm=firm) for _order, function in _FIRM_PANELS)
    return [mark_safe(html) for html in rendered if html]
