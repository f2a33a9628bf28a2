"""What an import from a ticketing tool or OpenSLO gives: SLAs, calendars, and notes.

An import never drops part of a source document in silence: whatever the library cannot
represent (a filter on a ticket's type, an encoded query on a caller's VIP flag, an alert
policy) is an `ImportNote` naming the item, the place in the document and the reason. A note is
data, like an invalid ticket row: the SLAs that could be read are returned with the notes.
"""

from __future__ import annotations

import re
from enum import StrEnum

import attrs
import pendulum

from outsourcing.exceptions import InvalidValueError
from outsourcing.model._checks import to_tuple
from outsourcing.model.calendar import BusinessCalendar
from outsourcing.model.contract import Contract, Term
from outsourcing.model.sla import SLA

__all__ = ["ImportNote", "ImportedSLAs", "NoteCode"]


class NoteCode(StrEnum):
    """Why a part of a source document is reported (stable codes, for translations and tests)."""

    CONDITION_NOT_REPRESENTABLE = "condition_not_representable"
    """A filter or encoded-query condition no field of an SLA holds: the SLA ignores it."""
    METRIC_NOT_REPRESENTABLE = "metric_not_representable"
    """The source measures something no `SLAMetric` measures: no SLA was made for it."""
    NEVER_APPLIES = "never_applies"
    """A target for a priority the policy's own filter excludes: no SLA was made for it."""
    TARGET_DISAGREES = "target_disagrees"
    """Two fields give the target differently; the more precise one was kept."""
    NOT_IMPORTED = "not_imported"
    """A part with no counterpart in a contract (alert policies, a workflow, an inactive SLA)."""
    READ_AS = "read_as"
    """A value read with a stated interpretation (a ``1m`` calendar window read as a month)."""
    INDICATOR_NOT_EVALUATED = "indicator_not_evaluated"
    """An OpenSLO indicator's query: the library measures tickets and downtime, not queries."""


@attrs.frozen
class ImportNote:
    """A part of a source document that the imported SLAs do not hold, or hold with a choice.

    Attributes:
        code: Why it is reported.
        item: The policy, SLA definition or SLO concerned (its name in the source).
        where: Where in the document, as a JSON path (``$.sla_policy.filter.all[0]``).
        text: What was found and what the import did, in words.
    """

    code: NoteCode
    item: str
    where: str
    text: str

    def __str__(self) -> str:
        return f"{self.item}: {self.where}: {self.text}"


@attrs.frozen
class ImportedSLAs:
    """SLAs read from a source document, the calendars they use, and the notes of the import.

    Attributes:
        source: ``zendesk``, ``servicenow`` or ``openslo``.
        slas: The SLAs, in document order.
        calendars: Calendars the SLAs refer to that the import built (a Zendesk schedule, an
            OpenSLO document exported by this library); calendars named by the caller are not
            repeated here.
        notes: What the SLAs do not hold, or hold with a stated reading.
        timezone: The time zone the source measures periods in, when it says (OpenSLO
            ``timeZone``, a ServiceNow SLA's own time zone).
        start: The first day of measurement, when the source says (OpenSLO ``startTime``).
    """

    source: str
    slas: tuple[SLA, ...] = attrs.field(default=(), converter=to_tuple)
    calendars: tuple[BusinessCalendar, ...] = attrs.field(default=(), converter=to_tuple)
    notes: tuple[ImportNote, ...] = attrs.field(default=(), converter=to_tuple)
    timezone: str | None = None
    start: pendulum.Date | None = None

    def merge(self, other: ImportedSLAs) -> ImportedSLAs:
        """Both imports together (several files into one contract).

        Raises:
            InvalidValueError: If an SLA id is in both, or a calendar id names two calendars.
        """
        ids = [s.id for s in (*self.slas, *other.slas)]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise InvalidValueError("ImportedSLAs.slas", duplicates, "the same SLA id twice")
        calendars = {c.id: c for c in self.calendars}
        for calendar in other.calendars:
            if calendars.get(calendar.id, calendar) != calendar:
                raise InvalidValueError(
                    "ImportedSLAs.calendars", calendar.id, "two different calendars with one id"
                )
            calendars[calendar.id] = calendar
        source = self.source if self.source == other.source else f"{self.source}+{other.source}"
        return ImportedSLAs(
            source,
            (*self.slas, *other.slas),
            tuple(calendars.values()),
            (*self.notes, *other.notes),
            self.timezone or other.timezone,
            self.start or other.start,
        )

    def into(self, contract: Contract) -> Contract:
        """``contract`` with these SLAs and calendars added; its time zone is kept.

        An SLA or a calendar whose id is already in the contract replaces it.
        """
        new_slas = {s.id for s in self.slas}
        new_calendars = {c.id for c in self.calendars}
        return attrs.evolve(
            contract,
            slas=(*(s for s in contract.slas if s.id not in new_slas), *self.slas),
            calendars=(
                *(c for c in contract.calendars if c.id not in new_calendars),
                *self.calendars,
            ),
        )

    def contract(
        self,
        *,
        id: str,  # noqa: A002 - the field's name in Contract
        title: str,
        client: str,
        provider_id: str,
        currency: str,
        start: pendulum.Date | None = None,
        timezone: str | None = None,
    ) -> Contract:
        """A new contract holding these SLAs and calendars.

        Args:
            id: The contract's id.
            title: Its title.
            client: The client's name.
            provider_id: The provider's id.
            currency: The billing currency.
            start: First day of the term (None: the imported start; one of them is needed).
            timezone: The contract's time zone (None: the imported one, else none stated: the
                contract then takes its client's in a portfolio).

        Raises:
            InvalidValueError: If neither ``start`` nor the import gives a first day.
        """
        first = start or self.start
        if first is None:
            raise InvalidValueError("start", None, "the source gives no start date: give one")
        return Contract(
            id=id,
            title=title,
            client=client,
            provider_id=provider_id,
            currency=currency,
            term=Term(first),
            calendars=self.calendars,
            slas=self.slas,
            timezone=timezone or self.timezone,
        )


def slug(*parts: object) -> str:
    """An id from names: lower case, runs of other characters as one ``-``."""
    text = "-".join(str(p) for p in parts if str(p))
    return re.sub(r"[^a-z0-9_.]+", "-", text.lower()).strip("-") or "sla"
