"""How a price may change, as the report and the summary say it: floors and caps with their sign."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from outsourcing import Contract, IndexWeight, PercentChange, Portfolio, PriceRevision
from outsourcing.presentation.document import Paragraph
from outsourcing.presentation.formatting import Formatter
from outsourcing.presentation.report import build_report
from outsourcing.presentation.summary import portfolio_summary
from outsourcing.samples import SAMPLE_AS_OF, sample_portfolio


def _with_contract(portfolio: Portfolio, old: Contract, new: Contract) -> Portfolio:
    return attrs.evolve(
        portfolio, contracts=[new if c.id == old.id else c for c in portfolio.contracts]
    )


def _floored_sample() -> tuple[Portfolio, Contract]:
    """The sample with its first indexed contract's floor at -2 % (« la baisse … 2 % »)."""
    portfolio = sample_portfolio()
    indexed = next(c for c in portfolio.contracts if c.indexation is not None)
    assert indexed.indexation is not None
    floored = attrs.evolve(indexed, indexation=attrs.evolve(indexed.indexation, floor="-2"))
    return _with_contract(portfolio, indexed, floored), floored


def _costs_paragraphs(portfolio: Portfolio, language: str) -> list[str]:
    report = build_report(portfolio, as_of=SAMPLE_AS_OF, language=language)
    (costs,) = [s for s in report.sections if s.key == "costs"]
    return [b.text for b in costs.blocks if isinstance(b, Paragraph)]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            (
                "Prices indexed on Syntec each anniversary (expected change +2.5% a year): "
                "floor -2%, cap +3%."
            ),
        ),
        (
            "fr",
            (
                "Prix indexés sur Syntec à chaque anniversaire (évolution attendue +2,5\u00a0% "
                "par an)\u00a0: plancher -2\u00a0%, plafond +3\u00a0%."
            ),
        ),
    ],
)
def test_the_costs_section_states_a_negative_floor(language: str, expected: str) -> None:
    """A -2 % floor is written with its sign: "floor -2%" / « plancher -2 % »."""
    portfolio, _ = _floored_sample()
    assert expected in _costs_paragraphs(portfolio, language)


def test_a_revision_clause_without_a_floor_says_prices_may_fall_freely() -> None:
    """A clause with no floor says so; the clause wins over the indexation in the wording."""
    portfolio, floored = _floored_sample()
    clause = PriceRevision(
        indices=[IndexWeight("Syntec", "0.85")], fixed_share="0.15", reference_month="2024-10"
    )
    revised = _with_contract(portfolio, floored, attrs.evolve(floored, price_revision=clause))
    english = _costs_paragraphs(revised, "en")
    french = _costs_paragraphs(revised, "fr")
    assert "Prices revised on Syntec: no floor (prices may fall freely), no cap." in english
    assert (
        "Prix révisés sur Syntec\u00a0: sans plancher (les prix peuvent baisser sans limite), "
        "sans plafond." in french
    )
    assert not any("floor -2%" in text for text in english)


def test_the_summary_writes_floors_and_caps_with_their_sign() -> None:
    """The plain-text summary: "expected +2.5 %, floor -2 %, capped at +3 %"."""
    portfolio, floored = _floored_sample()
    clause = PriceRevision(
        indices=[IndexWeight("Syntec", 1)], reference_month="2024-10", floor="-1.5", cap=4
    )
    revised = _with_contract(portfolio, floored, attrs.evolve(floored, price_revision=clause))
    lines = portfolio_summary(revised).splitlines()
    assert "    indexation Syntec, expected +2.5 %, floor -2 %, capped at +3 %" in lines
    assert "    revision   on Syntec, floor -1.5 %, capped at +4 %" in lines


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("en", PercentChange(-2), "-2%"),
        ("en", PercentChange("2.5"), "+2.5%"),
        ("en", PercentChange(0), "0%"),
        ("fr", PercentChange(-2), "-2\u00a0%"),
        ("fr", Decimal("1.25"), "+1,25\u00a0%"),
    ],
)
def test_a_change_is_written_with_its_sign(
    language: str, value: PercentChange | Decimal, expected: str
) -> None:
    """A rise takes a plus sign; a fall the locale's minus sign (a hyphen-minus in CLDR)."""
    assert Formatter(language).change(value) == expected
