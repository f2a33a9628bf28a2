"""Where the rows of a downtime record went, per availability SLA: evaluated, excluded, invalid."""

from __future__ import annotations

import datetime as dt

import numpy as np

from outsourcing.model.contract import Contract
from outsourcing.model.metric import Measure, metric_definition
from outsourcing.sla.measurement import STATE_NAMES, TicketState, reporting_periods
from outsourcing.sla.records.downtime_log import DowntimeLog
from outsourcing.sla.records.rows import EXCLUSION_REASONS
from outsourcing.sla.records.timestamps import MISSING
from outsourcing.sla.results import SLAAccount

__all__ = ["downtime_accounts"]


def downtime_accounts(
    contract: Contract, downtime: DowntimeLog, *, as_of: dt.datetime
) -> tuple[SLAAccount, ...]:
    """Where each downtime row went, per availability SLA of the contract (in contract order).

    A valid row is *evaluated* (it counts as downtime) when it overlaps the SLA's reporting
    periods and its exclusion reason, if any, is not one the SLA accepts; *excluded* by that
    reason when the SLA accepts it; *outside the reporting periods* when it ends before the
    term starts or starts after ``as_of``. Evaluated + excluded + invalid = rows in.

    Args:
        contract: The contract.
        downtime: Its downtime record.
        as_of: The instant of the report (aware datetime); open downtime runs to it.
    """
    now = int(as_of.timestamp() // 1)
    ends = np.minimum(np.where(downtime.end == MISSING, now, downtime.end), now)
    accounts = []
    for sla in contract.slas:
        if metric_definition(sla.metric).measure is not Measure.DOWNTIME:
            continue
        _periods, bounds = reporting_periods(contract, sla, as_of)
        inside = (downtime.start < bounds[-1]) & (ends > bounds[0])
        accepted = np.array([reason in sla.exclusions for reason in EXCLUSION_REASONS] + [False])
        excused = accepted[downtime.exclusion] & inside
        excluded = [
            (str(reason), int(np.count_nonzero(excused & (downtime.exclusion == code))))
            for code, reason in enumerate(EXCLUSION_REASONS)
        ]
        outside = int(np.count_nonzero(~inside))
        excluded.append((STATE_NAMES[TicketState.OUTSIDE], outside))
        accounts.append(
            SLAAccount(
                sla_id=sla.id,
                rows_in=downtime.rows_in,
                evaluated=int(np.count_nonzero(inside & ~excused)),
                excluded=tuple(sorted((name, n) for name, n in excluded if n)),
                invalid=len(downtime.invalid),
            )
        )
    return tuple(accounts)
