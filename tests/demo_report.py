"""The demo report (the sample portfolio with its tickets, downtime and deliveries), for tests."""

from __future__ import annotations

import functools

from outsourcing import ServiceRecords
from outsourcing.presentation.document import Report
from outsourcing.presentation.report import build_report
from outsourcing.samples import (
    SAMPLE_AS_OF,
    sample_deliveries,
    sample_downtime,
    sample_portfolio,
    sample_tickets,
)


@functools.cache
def demo_report(language: str) -> Report:
    """The report `outsourcing demo` prints, in ``language`` (built once per language)."""
    return build_report(
        sample_portfolio(),
        as_of=SAMPLE_AS_OF,
        language=language,
        records=ServiceRecords(sample_tickets(), sample_downtime(), sample_deliveries()),
    )
