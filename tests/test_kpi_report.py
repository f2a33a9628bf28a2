"""The KPIs of the sources in the report, period by period."""

from __future__ import annotations

import datetime as dt

from demo_report import demo_report
from outsourcing.presentation.document import Table


def _tables(language: str) -> list[Table]:
    blocks = demo_report(language).section("kpis").blocks
    return [b for b in blocks if isinstance(b, Table)]


def test_processing_time_is_a_duration_month_by_month() -> None:
    """Payroll's processing time: nine months to September 2025, six missed and marked."""
    table = _tables("en")[0]
    assert table.caption == (
        "Délai moyen de traitement des demandes (average processing time): target at most 12\u00a0h"
    )
    assert len(table.rows) == 9  # January to September 2025: October has not started
    assert table.rows[0][:3] == ("Jan 2025", dt.timedelta(hours=8, minutes=56, seconds=24), "met")
    assert len(table.marked) == 6
    assert {table.rows[i][2] for i in table.marked} == {"missed"}


def test_every_kpi_of_the_sample_is_reported_in_both_languages() -> None:
    """Six KPIs over three contracts, the same rows in French and English."""
    english, french = _tables("en"), _tables("fr")
    assert len(english) == len(french) == 6
    assert [len(t.rows) for t in english] == [len(t.rows) for t in french]
    assert french[0].rows[0][2] == "atteint"
