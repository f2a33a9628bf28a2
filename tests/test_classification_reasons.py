from __future__ import annotations

from outsourcing.presentation.document import BulletList
from outsourcing.presentation.formatting import Formatter
from outsourcing.presentation.locale import Language
from outsourcing.presentation.report import classify_portfolio
from outsourcing.presentation.sections.classification import classification_section
from outsourcing.samples import sample_portfolio


def test_every_inferred_axis_gives_its_reasons_in_the_report() -> None:
    """Each inferred axis gives its reasons, coverage and horizon too, in English and French."""
    classified = classify_portfolio(sample_portfolio())
    section = classification_section(classified, Formatter(Language.EN))
    items = next(b for b in section.blocks if isinstance(b, BulletList)).items
    expected = sum(
        1
        for _, result in classified
        for verdict in result.axes.values()
        if not verdict.declared and verdict.reasons
    )
    assert len(items) == expected
    assert (
        "Comptabilité, coverage: the client keeps tasks of the process in house: Comptes "
        "annuels et liasses fiscales"
    ) in items
    assert "Paie, horizon: the contract renews tacitly: it goes on unless notice is served" in (
        items
    )
    french = classification_section(classified, Formatter(Language.FR))
    french_items = next(b for b in french.blocks if isinstance(b, BulletList)).items
    assert len(french_items) == expected
    assert (
        "Comptabilité, couverture\xa0: le client garde des tâches du processus en interne\xa0: "
        "Comptes annuels et liasses fiscales"
    ) in french_items
