"""The clause catalogue: what a sound outsourcing contract must say, item by item, as data.

Five checklists, each entry with its exact citation, the subject it requires, the clause topics
that evidence it and the rule deciding when it applies:

* the BPO contract checklist of the sources (seed 004), for every contract;
* GDPR (EU) 2016/679 Art. 28(3): the first subparagraph's elements and points (a) to (h), when
  the provider processes personal data for the client;
* DORA (EU) 2022/2554 Art. 30(2)(a) to (i), for a financial entity's contracts on ICT services;
* DORA Art. 30(3)(a) to (f), when those ICT services support a critical or important function;
* EBA/GL/2019/02 para. 75(a) to (q), for an institution or payment institution supervised under
  the EBA guidelines outsourcing a critical or important function (para. 75 lists what the
  agreement for such a function sets out).

Each framework is a module of this folder (`bpo_checklist`, `gdpr`, `dora`, `eba`); the entry
types are in `entry`. The catalogue names clause topics (`ClauseTopic`) and, where the model
holds the same fact as a structured field, a `FieldEvidence` key;
`outsourcing.review.contract_review` reads both.
"""

from __future__ import annotations

from outsourcing.review.clauses.bpo_checklist import BPO_CHECKLIST
from outsourcing.review.clauses.dora import DORA_ART_30_2, DORA_ART_30_3
from outsourcing.review.clauses.eba import EBA_GL_2019_02
from outsourcing.review.clauses.entry import CatalogueEntry, Framework
from outsourcing.review.clauses.gdpr import GDPR_ART_28

__all__ = ["CATALOGUE", "entries_for"]

CATALOGUE: tuple[CatalogueEntry, ...] = (
    BPO_CHECKLIST + GDPR_ART_28 + DORA_ART_30_2 + DORA_ART_30_3 + EBA_GL_2019_02
)
"""Every entry, in review order: checklist, GDPR, DORA 30(2), DORA 30(3), EBA para. 75."""


def entries_for(framework: Framework) -> tuple[CatalogueEntry, ...]:
    """The entries of one checklist, in order.

    Args:
        framework: The checklist.

    Returns:
        Its entries, in the order of the source.
    """
    return tuple(e for e in CATALOGUE if e.framework is framework)
