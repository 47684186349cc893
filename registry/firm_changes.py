"""Apps that keep something derived from a firm's data, told when it changes.

suppliers sits at the bottom of the data flow and imports no other app, yet programs keeps each
firm's eligibility, which reads the firm's profile and designations. suppliers.searchindex calls
`firm_changed` wherever a firm's search record is rebuilt (the services do so in every
transaction that changes the firm or its designation); each listener registered in its
AppConfig.ready() decides what to queue. Listeners must be cheap: they run inside the
transaction and should queue work with transaction.on_commit.
"""

from collections.abc import Callable, Iterable

FirmListener = Callable[[list[int]], None]
_LISTENERS: list[FirmListener] = []


def on_firm_change(listener: FirmListener) -> FirmListener:
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)
    return listener


def firm_changed(firm_ids: Iterable[int]) -> None:
    ids = list(firm_ids)
    if ids:
        for listener in _LISTENERS:
            listener(ids)
