"""The offers section: offers for the same work against keeping it in house, and their risks.

Exact figures and the P10–P90 savings of each offer, the other risks (review findings, data
transfer, exit readiness, languages, certifications), a warning when volumes were left flat for a
growing client, and the paired chance that each offer costs less than each other one.
"""

from __future__ import annotations

from decimal import Decimal

from outsourcing.costs.offers import OfferComparison
from outsourcing.presentation.document import Block, Notice, Paragraph, Section, Severity, Table
from outsourcing.presentation.formatting import Formatter, Value
from outsourcing.presentation.messages import label, message

__all__ = ["offers_blocks", "offers_section"]


def _transfer(result: OfferComparison, name: str, formatter: Formatter) -> str:
    lang = formatter.language
    risk = result.offer(name).risk
    if risk.transfer_mechanism is not None:
        return label(lang, risk.transfer_mechanism)
    if risk.transfer_required is None:
        return message(lang, "offers.transfer_none")
    return message(lang, "offers.transfer_missing", mechanism=label(lang, risk.transfer_required))


def offers_blocks(result: OfferComparison, formatter: Formatter) -> list[Block]:
    """Offers compared: exact figures and savings bands, the other risks, paired chances."""
    lang = formatter.language
    rows: list[tuple[Value, ...]] = [
        (message(lang, "costs.in_house"), result.in_house.total, None, None, None, None, None)
    ]
    for offer in result.offers:
        p10, _, p90 = offer.savings_percentiles()
        month = offer.break_even_month
        rows.append(
            (
                offer.name,
                offer.total_cost,
                offer.savings,
                offer.npv,
                message(lang, "costs.never") if month is None else month,
                p10,
                p90,
            )
        )
    risks: list[tuple[Value, ...]] = []
    for offer in result.offers:
        risk = offer.risk
        risks.append(
            (
                offer.name,
                risk.review_missing,
                _transfer(result, offer.name, formatter),
                f"{risk.reversibility_ready}/{risk.reversibility_items}"
                if risk.exit_plan
                else message(lang, "offers.no_plan"),
                ", ".join(risk.shared_languages) or "–",
                ", ".join(label(lang, c) for c in risk.certifications) or "–",
            )
        )
    blocks: list[Block] = [
        Table(
            [
                message(lang, "column.offer"),
                message(lang, "column.total_cost"),
                message(lang, "costs.savings"),
                message(
                    lang,
                    "costs.npv",
                    rate=formatter.percentage(result.offers[0].comparison.discount_rate),
                ),
                message(lang, "costs.break_even"),
                "P10",
                "P90",
            ],
            rows,
            caption=message(
                lang,
                "offers.caption",
                processes=", ".join(result.process_ids),
                months=len(result.months),
                runs=formatter.number(result.runs),
                seed=result.seed,
            ),
        ),
        Table(
            [
                message(lang, "column.offer"),
                message(lang, "column.review_missing"),
                message(lang, "column.transfer"),
                message(lang, "column.exit_ready"),
                message(lang, "column.languages"),
                message(lang, "column.certifications"),
            ],
            risks,
            caption=message(lang, "offers.risk.caption"),
        ),
    ]
    if result.suggested_growth is not None:
        growth = formatter.percentage(result.suggested_growth)
        blocks.append(Notice(Severity.WARNING, message(lang, "offers.flat_growth", growth=growth)))
    names = result.names
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            share = result.probability_cheaper(first, second) * 100
            blocks.append(
                Paragraph(
                    message(
                        lang,
                        "offers.paired",
                        first=first,
                        second=second,
                        share=formatter.percentage(share.quantize(Decimal("0.1"))),
                    )
                )
            )
    return blocks


def offers_section(result: OfferComparison, formatter: Formatter) -> Section:
    """The section comparing the offers (`offers_blocks`), titled in the report's language."""
    return Section(
        "offers", message(formatter.language, "offers.title"), offers_blocks(result, formatter)
    )
