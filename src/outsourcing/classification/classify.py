"""Which outsourcing model a process follows, on each of the five axes, and why.

`classify` gives a value on every axis — kind (BPO, ITO, KPO), office (front, back), shoring
(onshore, nearshore, offshore), coverage (total, partial), horizon (tactical, strategic) — and
for each says whether it was declared or inferred, the reasons in words, and the inputs that
decided it. A declared value (``Process.kind``, ``Process.office``, ``Contract.shoring``,
``Contract.coverage``, ``Contract.horizon``) always wins over inference.

The rules, axis by axis (`RULE_INPUTS` lists every field each one may read):

* **kind** and **office**: the business function's profile in the `catalogue`.
* **shoring**: same country as the client is onshore; otherwise `geography.proximity` decides
  nearshore or offshore with a `ShoringRule`. Without a provider the work stays with the
  client: onshore.
* **coverage**: partial when the client keeps tasks of the process in house (the
  ``tasks_kept`` of the scope items of that process, `scope_items`), when close supervision is
  wanted, or when the process is core or important (steering stays in house); otherwise total.
  The limits of the provider's intervention (``tasks_excluded``) do not count: a sound
  contract always lists them.
* **horizon**: from the contract's term when it settles it (open-ended, tacitly renewed, or
  three years and more: strategic; under a year without tacit renewal: tactical; an explicit
  renewal needs a new agreement, so it counts as no renewal); otherwise occasional work is
  tactical and recurring work strategic.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Generic, TypeVar

import attrs

from outsourcing.exceptions import InvalidValueError
from outsourcing.model.axes import Coverage, Horizon, Office, OutsourcingKind, Shoring
from outsourcing.model.contract import Contract, Renewal, ScopeItem
from outsourcing.model.portfolio import Client, Portfolio
from outsourcing.model.process import Frequency, Process, StrategicImportance
from outsourcing.model.provider import Provider
from outsourcing.model.reason import Reason
from outsourcing.reference.functions import profile
from outsourcing.reference.geography import Proximity, ShoringRule, country_name, proximity

__all__ = ["RULE_INPUTS", "AxisVerdict", "Classification", "classify", "classify_portfolio"]

E = TypeVar("E", bound=StrEnum)
E_co = TypeVar("E_co", bound=StrEnum, covariant=True)

RULE_INPUTS: Mapping[str, frozenset[str]] = {
    "kind": frozenset({"Process.kind", "Process.function"}),
    "office": frozenset({"Process.office", "Process.function"}),
    "shoring": frozenset({"Contract.shoring", "Provider.country", "Client.country"}),
    "coverage": frozenset(
        {"Contract.coverage", "Contract.scope", "Process.supervision", "Process.importance"}
    ),
    "horizon": frozenset({"Contract.horizon", "Contract.term", "Process.frequency"}),
}
"""Every field each axis's rule may read; no other field can change its verdict."""


@attrs.frozen
class AxisVerdict(Generic[E_co]):
    """The value of one classification axis, with where it comes from.

    Attributes:
        value: The value on the axis.
        declared: Whether it was declared (True) or inferred (False).
        reasons: Why, in words a user can read.
        inputs: The fields that decided it, e.g. ``("Process.function",)``.
        causes: The reasons as data (a code and its values), for reports in any language
            (empty for a declared value and for shoring, whose figures are in `Proximity`).
    """

    value: E_co
    declared: bool
    reasons: tuple[str, ...]
    inputs: tuple[str, ...]
    causes: tuple[Reason, ...] = ()

    def __str__(self) -> str:
        how = "declared" if self.declared else "inferred"
        return f"{self.value.value} ({how}: {'; '.join(self.reasons)})"


@attrs.frozen
class Classification:
    """A process's outsourcing model on the five axes.

    Attributes:
        process_id: The process classified.
        kind: BPO, ITO or KPO.
        office: Front or back office.
        shoring: Onshore, nearshore or offshore.
        coverage: Total or partial.
        horizon: Tactical or strategic.
        proximity: The geography behind an inferred shoring with a provider (else None).
        contract_id: The contract the process was classified under (None: none given).
    """

    process_id: str
    kind: AxisVerdict[OutsourcingKind]
    office: AxisVerdict[Office]
    shoring: AxisVerdict[Shoring]
    coverage: AxisVerdict[Coverage]
    horizon: AxisVerdict[Horizon]
    proximity: Proximity | None = None
    contract_id: str | None = None

    def _repr_html_(self) -> str:
        """The result as HTML, for notebooks (needs babel, a runtime dependency)."""
        from outsourcing.notebook import result_html  # noqa: PLC0415 - on use

        return result_html(self)

    @property
    def axes(self) -> Mapping[str, AxisVerdict[StrEnum]]:
        """The five verdicts by axis name, in the order kind, office, shoring, coverage, horizon."""
        return {
            "kind": self.kind,
            "office": self.office,
            "shoring": self.shoring,
            "coverage": self.coverage,
            "horizon": self.horizon,
        }

    @property
    def summary(self) -> str:
        """One line, e.g. ``BPO, back office, nearshore, partial, strategic``."""
        return (
            f"{self.kind.value.value.upper()}, {self.office.value.value} office, "
            f"{self.shoring.value.value}, {self.coverage.value.value}, {self.horizon.value.value}"
        )


def _declared(value: E, field: str) -> AxisVerdict[E]:
    return AxisVerdict(value, declared=True, reasons=(f"declared in {field}",), inputs=(field,))


def _inferred(
    value: E, reasons: tuple[str, ...], inputs: tuple[str, ...], cause: Reason | None = None
) -> AxisVerdict[E]:
    causes = () if cause is None else (cause,)
    return AxisVerdict(value, declared=False, reasons=reasons, inputs=inputs, causes=causes)


def _kind(process: Process) -> AxisVerdict[OutsourcingKind]:
    if process.kind is not None:
        return _declared(process.kind, "Process.kind")
    entry = profile(process.function)
    cause = Reason.of(f"axis.kind.{entry.kind.value}", function=str(process.function))
    return _inferred(entry.kind, (entry.kind_reason,), ("Process.function",), cause)


def _office(process: Process) -> AxisVerdict[Office]:
    if process.office is not None:
        return _declared(process.office, "Process.office")
    entry = profile(process.function)
    cause = Reason.of(f"axis.office.{entry.office.value}", function=str(process.function))
    return _inferred(entry.office, (entry.office_reason,), ("Process.function",), cause)


def _shoring(
    client: Client, provider: Provider | None, contract: Contract | None, rule: ShoringRule
) -> tuple[AxisVerdict[Shoring], Proximity | None]:
    if contract is not None and contract.shoring is not None:
        return _declared(contract.shoring, "Contract.shoring"), None
    if provider is None:
        reason = f"no provider given: the work stays in {country_name(client.country)}"
        return _inferred(Shoring.ONSHORE, (reason,), ("Client.country",)), None
    found = proximity(client.country, provider.country, rule=rule)
    inputs = ("Client.country", "Provider.country")
    return _inferred(found.shoring, found.reasons, inputs), found


def scope_items(process: Process, contract: Contract) -> tuple[ScopeItem, ...]:
    """The contract's scope items that belong to a process.

    An item naming its process belongs to it; an item naming none belongs to the contract's
    only process, or, when the contract covers several, to the process of the same name.
    """
    only = len(contract.process_ids) <= 1
    return tuple(
        item
        for item in contract.scope
        if item.process_id == process.id
        or (
            item.process_id is None
            and (only or item.name.strip().casefold() == process.name.strip().casefold())
        )
    )


def _coverage(process: Process, contract: Contract | None) -> AxisVerdict[Coverage]:
    read: tuple[str, ...] = ()
    if contract is not None:
        if contract.coverage is not None:
            return _declared(contract.coverage, "Contract.coverage")
        read = ("Contract.scope",)
        kept = [task for item in scope_items(process, contract) for task in item.tasks_kept]
        if kept:
            reason = f"the client keeps tasks of the process in house: {', '.join(kept)}"
            cause = Reason.of("axis.coverage.tasks_kept", tasks=tuple(kept))
            return _inferred(Coverage.PARTIAL, (reason,), read, cause)
    read = (*read, "Process.supervision")
    if process.supervision:
        reason = "close day-to-day supervision is wanted, so steering stays in house"
        cause = Reason.of("axis.coverage.supervision")
        return _inferred(Coverage.PARTIAL, (reason,), read, cause)
    read = (*read, "Process.importance")
    if process.importance is not StrategicImportance.SUPPORT:
        reason = f"the process is {process.importance.value}, so its steering stays in house"
        cause = Reason.of("axis.coverage.importance", importance=str(process.importance))
        return _inferred(Coverage.PARTIAL, (reason,), read, cause)
    reason = (
        "a support process with no tasks kept back and no close supervision wanted: "
        "the whole function can be transferred"
    )
    return _inferred(Coverage.TOTAL, (reason,), read, Reason.of("axis.coverage.support"))


def _term_horizon(contract: Contract) -> AxisVerdict[Horizon] | None:
    term = contract.term
    if term.end is None:
        cause = Reason.of("axis.horizon.open_ended")
        return _inferred(
            Horizon.STRATEGIC, ("the contract is open-ended",), ("Contract.term",), cause
        )
    if term.renewal is Renewal.TACIT and term.max_renewals != 0:
        reason = "the contract renews tacitly: it goes on unless notice is served"
        cause = Reason.of("axis.horizon.tacit")
        return _inferred(Horizon.STRATEGIC, (reason,), ("Contract.term",), cause)
    after_end = term.end.add(days=1)
    renewal = (
        "renewal only by a new agreement" if term.renewal is Renewal.EXPLICIT else "no renewal"
    )
    if after_end < term.start.add(years=1):
        reason = f"the contract runs less than a year ({term.start} to {term.end}), {renewal}"
        code = "short_explicit" if term.renewal is Renewal.EXPLICIT else "short"
        cause = Reason.of(f"axis.horizon.{code}", start=term.start, end=term.end)
        return _inferred(Horizon.TACTICAL, (reason,), ("Contract.term",), cause)
    if after_end >= term.start.add(years=3):
        reason = f"the contract runs three years or more ({term.start} to {term.end})"
        cause = Reason.of("axis.horizon.long", start=term.start, end=term.end)
        return _inferred(Horizon.STRATEGIC, (reason,), ("Contract.term",), cause)
    return None


def _horizon(process: Process, contract: Contract | None) -> AxisVerdict[Horizon]:
    inputs: tuple[str, ...] = ()
    if contract is not None:
        if contract.horizon is not None:
            return _declared(contract.horizon, "Contract.horizon")
        from_term = _term_horizon(contract)
        if from_term is not None:
            return from_term
        inputs = ("Contract.term",)
    inputs = (*inputs, "Process.frequency")
    if process.frequency is Frequency.OCCASIONAL:
        reason = "the work is occasional: a one-off need"
        return _inferred(Horizon.TACTICAL, (reason,), inputs, Reason.of("axis.horizon.occasional"))
    reason = f"the work recurs ({process.frequency.value}): a lasting arrangement"
    cause = Reason.of("axis.horizon.recurring", frequency=str(process.frequency))
    return _inferred(Horizon.STRATEGIC, (reason,), inputs, cause)


def _check(process: object, client: object, provider: object, contract: object) -> None:
    for name, value, cls in (("process", process, Process), ("client", client, Client)):
        if not isinstance(value, cls):
            raise InvalidValueError(name, value, f"must be a {cls.__name__}")
    if provider is not None and not isinstance(provider, Provider):
        raise InvalidValueError("provider", provider, "must be a Provider or None")
    if contract is not None and not isinstance(contract, Contract):
        raise InvalidValueError("contract", contract, "must be a Contract or None")


def classify(
    process: Process,
    *,
    client: Client,
    provider: Provider | None = None,
    contract: Contract | None = None,
    rule: ShoringRule | None = None,
) -> Classification:
    """Classify a process on the five axes, saying for each why and from which inputs.

    Pure and deterministic: the same arguments always give the same `Classification`.

    Args:
        process: The process to classify.
        client: The client company (its country anchors the shoring).
        provider: The provider doing, or meant to do, the work (None: none yet).
        contract: The contract covering the process, whose declared coverage, horizon and
            shoring win, and whose scope and term inform the inference.
        rule: The nearshore/offshore rule (default: `ShoringRule()`).

    Returns:
        The verdict on every axis.

    Raises:
        InvalidValueError: If an argument has the wrong type, if the contract is with another
            provider, or if it lists processes and not this one.
    """
    _check(process, client, provider, contract)
    if contract is not None:
        if provider is not None and contract.provider_id != provider.id:
            raise InvalidValueError(
                "Contract.provider_id", contract.provider_id, f"is not the provider {provider.id!r}"
            )
        if contract.process_ids and process.id not in contract.process_ids:
            raise InvalidValueError(
                "Contract.process_ids", contract.process_ids, f"does not cover {process.id!r}"
            )
    shoring, found = _shoring(client, provider, contract, ShoringRule() if rule is None else rule)
    return Classification(
        process_id=process.id,
        kind=_kind(process),
        office=_office(process),
        shoring=shoring,
        coverage=_coverage(process, contract),
        horizon=_horizon(process, contract),
        proximity=found,
        contract_id=None if contract is None else contract.id,
    )


def classify_portfolio(
    portfolio: Portfolio, *, rule: ShoringRule | None = None
) -> tuple[Classification, ...]:
    """Classify every process of a portfolio, once per contract that covers it.

    Every process is accounted for: a process covered by several contracts gets one
    classification per contract (in the portfolio's order), and a process no contract covers
    gets one classification with no provider (onshore: the work stays in house).

    Args:
        portfolio: The client's processes, providers and contracts.
        rule: The nearshore/offshore rule (default: `ShoringRule()`).

    Returns:
        The classifications, in the order of the portfolio's processes.

    Raises:
        InvalidValueError: If ``portfolio`` is not a `Portfolio`.
    """
    if not isinstance(portfolio, Portfolio):
        raise InvalidValueError("portfolio", portfolio, "must be a Portfolio")
    results: list[Classification] = []
    for process in portfolio.processes:
        contracts = portfolio.contracts_for(process.id)
        if not contracts:
            results.append(classify(process, client=portfolio.client, rule=rule))
        for contract in contracts:
            provider = portfolio.provider(contract.provider_id)
            results.append(
                classify(
                    process,
                    client=portfolio.client,
                    provider=provider,
                    contract=contract,
                    rule=rule,
                )
            )
    return tuple(results)
