"""Governance readiness: the 32 questions of seed 003, answered from the portfolio where possible.

Seed 003 closes with "32 questions essentielles à se poser". Each is kept here in French, with an
English rendering, and, where the model holds the facts, a rule that answers it from the
portfolio. Per-contract questions are answered when every contract answers them, partly when
some do. Questions that need a person's judgement (growth pitfalls, team cohesion, …) are
reported as such, never guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

import attrs
import pendulum

from outsourcing.model._checks import to_date
from outsourcing.model.axes import LifePhase
from outsourcing.model.cadence import Cadence
from outsourcing.model.clause import ClauseTopic
from outsourcing.model.contract import Contract, CostCategory
from outsourcing.model.kpi import KPIMetric
from outsourcing.model.metric import metric_definition
from outsourcing.model.portfolio import Portfolio
from outsourcing.model.process import StrategicImportance
from outsourcing.model.reversibility import AssetKind
from outsourcing.review.lifecycle import key_dates

__all__ = [
    "QUESTIONS",
    "Answer",
    "GovernanceQuestion",
    "GovernanceReadiness",
    "QuestionAnswer",
    "assess_governance",
]


@attrs.frozen
class GovernanceQuestion:
    """One of the 32 questions of seed 003.

    Attributes:
        number: Its position, 1 to 32.
        french: The question as the source asks it.
        english: An English rendering.
        from_data: Whether the portfolio's data can answer it.
    """

    number: int
    french: str
    english: str
    from_data: bool


class Answer(StrEnum):
    """How far the portfolio's data answers a question."""

    ANSWERED = "answered"
    PARTIAL = "partial"
    UNANSWERED = "unanswered"
    NEEDS_JUDGEMENT = "needs_judgement"


@attrs.frozen
class QuestionAnswer:
    """The answer to one question.

    Attributes:
        question: The question.
        answer: Answered, partial, unanswered, or needing a person's judgement.
        evidence: What in the portfolio answers it, contract by contract where it applies.
    """

    question: GovernanceQuestion
    answer: Answer
    evidence: tuple[str, ...]


@attrs.frozen
class GovernanceReadiness:
    """The 32 questions, each with its answer.

    Attributes:
        client: The client's name.
        answers: One answer per question, in the source's order.
    """

    client: str
    answers: tuple[QuestionAnswer, ...]

    @property
    def remaining(self) -> tuple[QuestionAnswer, ...]:
        """Questions not fully answered (partial, unanswered, needing judgement)."""
        return tuple(a for a in self.answers if a.answer is not Answer.ANSWERED)

    def counts(self) -> dict[Answer, int]:
        """Number of questions per answer (every answer listed, zeros included)."""
        return {kind: sum(a.answer is kind for a in self.answers) for kind in Answer}


Result = tuple[Answer, str]
ContractRule = Callable[[Portfolio, Contract], Result]
PortfolioRule = Callable[[Portfolio], tuple[Answer, tuple[str, ...]]]


def _yes(ok: bool, yes: str, no: str) -> Result:
    return (Answer.ANSWERED, yes) if ok else (Answer.UNANSWERED, no)


def _both(first: bool, second: bool, yes: str, only_first: str, only_second: str) -> Result:
    if first and second:
        return Answer.ANSWERED, yes
    if first:
        return Answer.PARTIAL, only_first
    if second:
        return Answer.PARTIAL, only_second
    return Answer.UNANSWERED, f"neither: {only_first}; {only_second}"


def _clause(contract: Contract, *topics: ClauseTopic) -> bool:
    return any(t in contract.topics for t in topics)


def _capabilities(portfolio: Portfolio, contract: Contract) -> Result:
    provider = portfolio.provider(contract.provider_id)
    needed = {portfolio.process(p).function for p in contract.process_ids}
    if not provider.capabilities:
        return Answer.UNANSWERED, f"{provider.name}: no capabilities recorded"
    lacking = sorted(needed - provider.capabilities)
    if lacking:
        return Answer.PARTIAL, f"{provider.name} lacks {', '.join(lacking)}"
    return Answer.ANSWERED, f"{provider.name} covers {', '.join(sorted(needed)) or 'the scope'}"


def _volume(portfolio: Portfolio, contract: Contract) -> Result:
    scoped = any(s.tasks_included for s in contract.scope)
    volumes = [portfolio.process(p).monthly_volume for p in contract.process_ids]
    measured = bool(volumes) and all(v > 0 for v in volumes)
    return _both(
        scoped,
        measured,
        f"scope tasks listed, {sum(volumes)} units a month",
        "scope tasks listed, monthly volumes unknown",
        "monthly volumes known, no scope tasks",
    )


def _peaks(_portfolio: Portfolio, contract: Contract) -> Result:
    tracked = any(k.metric is KPIMetric.ABSORPTION_CAPACITY for k in contract.kpis)
    return _yes(tracked, "absorption capacity tracked as a KPI", "no absorption-capacity KPI")


def _rituals(_portfolio: Portfolio, contract: Contract) -> Result:
    meetings = contract.governance.review_meetings
    if meetings is None:
        return Answer.UNANSWERED, "no review meetings"
    if meetings in {Cadence.DAILY, Cadence.WEEKLY}:
        return Answer.ANSWERED, f"{meetings} review meetings"
    return Answer.PARTIAL, f"{meetings} review meetings (the source advises weekly)"


def _channels(_portfolio: Portfolio, contract: Contract) -> Result:
    return _both(
        contract.governance.urgent_channel is not None,
        contract.request_handling is not None,
        "urgent channel and request handling set",
        "urgent channel set, request handling not described",
        "request handling described, no single urgent channel",
    )


def _access(_portfolio: Portfolio, contract: Contract) -> Result:
    return _yes(
        _clause(contract, ClauseTopic.ACCESS_MANAGEMENT),
        "access-management clause",
        "no access-management clause",
    )


def _training(_portfolio: Portfolio, contract: Contract) -> Result:
    plan = contract.reversibility
    transfer = plan is not None and plan.knowledge_transfer
    budget = any(
        c.category in {CostCategory.TRAINING, CostCategory.KNOWLEDGE_TRANSFER}
        for c in contract.one_off_costs
    )
    trained = _clause(contract, ClauseTopic.SECURITY_TRAINING)
    return _yes(
        transfer or budget or trained,
        "training or knowledge transfer planned",
        "no training, cross-training or knowledge transfer planned",
    )


def _security(_portfolio: Portfolio, contract: Contract) -> Result:
    return _both(
        _clause(contract, ClauseTopic.CONFIDENTIALITY, ClauseTopic.STAFF_CONFIDENTIALITY),
        _clause(contract, ClauseTopic.SECURITY_MEASURES),
        "confidentiality and security clauses",
        "confidentiality clause, no security measures",
        "security measures, no confidentiality clause",
    )


def _backup(_portfolio: Portfolio, contract: Contract) -> Result:
    return _yes(
        _clause(contract, ClauseTopic.BUSINESS_CONTINUITY, ClauseTopic.DATA_ACCESS_ON_EXIT),
        "continuity or data-recovery clause",
        "no continuity or data-recovery clause",
    )


def _knowledge(_portfolio: Portfolio, contract: Contract) -> Result:
    plan = contract.reversibility
    documented = plan is not None and any(
        a.kind is AssetKind.PROCESS_DOCUMENTATION for a in plan.assets
    )
    return _yes(documented, "process documentation in the exit plan", "no process documentation")


def _kpis(_portfolio: Portfolio, contract: Contract) -> Result:
    names = ", ".join(k.id for k in contract.kpis)
    return _yes(bool(contract.kpis), f"KPIs: {names}", "no KPIs")


def _follow_up(_portfolio: Portfolio, contract: Contract) -> Result:
    governance = contract.governance
    return _both(
        governance.review_meetings is not None,
        governance.reporting is not None,
        f"{governance.review_meetings} meetings, {governance.reporting} reports",
        f"{governance.review_meetings} meetings, no reporting cadence",
        f"{governance.reporting} reports, no review meetings",
    )


def _expectations(_portfolio: Portfolio, contract: Contract) -> Result:
    return _both(
        bool(contract.deliverables),
        bool(contract.slas),
        "deliverables and SLAs set",
        "deliverables set, no SLAs",
        "SLAs set, no deliverables",
    )


def _referent(_portfolio: Portfolio, contract: Contract) -> Result:
    referent = contract.governance.internal_referent
    return _yes(referent is not None, f"internal referent: {referent}", "no internal referent")


def _reactivity(_portfolio: Portfolio, contract: Contract) -> Result:
    timed = [s.id for s in contract.slas if metric_definition(s.metric).timed]
    return _yes(bool(timed), f"response-time SLAs: {', '.join(timed)}", "no response-time SLA")


def _dashboard(_portfolio: Portfolio, contract: Contract) -> Result:
    return _yes(contract.governance.shared_dashboard, "shared dashboard", "no shared dashboard")


def _escalation(_portfolio: Portfolio, contract: Contract) -> Result:
    path = contract.governance.escalation
    return _yes(path is not None, f"escalation: {path}", "no escalation path")


def _reversibility(_portfolio: Portfolio, contract: Contract) -> Result:
    plan = contract.reversibility
    if plan is None:
        return Answer.UNANSWERED, "no exit plan"
    if not plan.assets:
        return Answer.PARTIAL, "exit plan lists nothing to hand back"
    return Answer.ANSWERED, f"exit plan with {len(plan.assets)} asset(s) to hand back"


def _notice(
    _portfolio: Portfolio, contract: Contract, as_of: pendulum.Date | None = None
) -> Result:
    notice = f"notice {contract.term.notice_period}"
    if as_of is not None:
        dates = key_dates(contract, as_of)
        if dates.over:
            notice = f"{dates.status} on {dates.earliest_end}"
        elif dates.notice_deadline is not None:
            notice = (
                f"notice {contract.term.notice_period} by {dates.notice_deadline} "
                f"({dates.days_left} days) to end on {dates.earliest_end}"
            )
        elif dates.ends_on is not None:
            notice = f"ends on {dates.ends_on} without renewal"
        else:
            notice = (
                f"notice {contract.term.notice_period}: served on {as_of}, "
                f"the contract ends on {dates.earliest_end}"
            )
    plan = contract.reversibility
    if plan is None:
        return Answer.PARTIAL, f"{notice}, no transition period"
    return Answer.ANSWERED, f"{notice}, transition {plan.transition_period}"


def _delegation(_portfolio: Portfolio, contract: Contract) -> Result:
    return _both(
        contract.coverage is not None,
        contract.governance.internal_referent is not None,
        f"{contract.coverage} coverage with an internal referent",
        f"{contract.coverage} coverage, no control point",
        "internal referent, coverage not declared",
    )


def _slas(_portfolio: Portfolio, contract: Contract) -> Result:
    return _yes(bool(contract.slas), f"{len(contract.slas)} SLA(s)", "no SLAs")


def _remedies(_portfolio: Portfolio, contract: Contract) -> Result:
    remedies = []
    if contract.service_credits is not None or any(s.credit_tiers for s in contract.slas):
        remedies.append("service credits")
    if contract.late_delivery is not None:
        remedies.append("late-delivery penalty")
    if any(s.chronic for s in contract.slas) or _clause(contract, ClauseTopic.TERMINATION_RIGHTS):
        remedies.append("termination right")
    return _yes(bool(remedies), ", ".join(remedies), "no remedy for failures")


def _total_cost(portfolio: Portfolio, contract: Contract) -> Result:
    costed = bool(contract.process_ids) and all(
        portfolio.process(p).in_house is not None for p in contract.process_ids
    )
    return _both(
        bool(contract.pricing),
        costed,
        "pricing and in-house cost basis known: compare with project_costs/compare_costs",
        "pricing known, in-house cost basis missing",
        "in-house cost basis known, no pricing",
    )


def _signals(_portfolio: Portfolio, contract: Contract) -> Result:
    return _both(
        bool(contract.slas),
        bool(contract.kpis),
        "SLAs and KPIs tracked",
        "SLAs only, no KPIs",
        "KPIs only, no SLAs",
    )


def _readjust(_portfolio: Portfolio, contract: Contract) -> Result:
    return _both(
        contract.change_procedure is not None,
        contract.governance.review_meetings is not None,
        "change procedure and review meetings",
        "change procedure, no review meetings",
        "review meetings, no change procedure",
    )


def _benefits(portfolio: Portfolio) -> tuple[Answer, tuple[str, ...]]:
    outsourced = sorted({p for c in portfolio.contracts for p in c.process_ids})
    if not outsourced:
        return Answer.UNANSWERED, ("no outsourced process",)
    signalled = [p for p in outsourced if portfolio.process(p).weak_signals]
    evidence = tuple(
        f"{p}: {', '.join(sorted(portfolio.process(p).weak_signals))}" for p in signalled
    )
    if len(signalled) == len(outsourced):
        return Answer.ANSWERED, evidence
    silent = tuple(f"{p}: no weak signal recorded" for p in outsourced if p not in signalled)
    return (Answer.PARTIAL if signalled else Answer.UNANSWERED), evidence + silent


def _kept_in_house(portfolio: Portfolio) -> tuple[Answer, tuple[str, ...]]:
    core = sorted(p.id for p in portfolio.processes if p.importance is StrategicImportance.CORE)
    if not core:
        return Answer.UNANSWERED, ("no process marked core",)
    outsourced = {p for c in portfolio.contracts for p in c.process_ids}
    given_away = [p for p in core if p in outsourced]
    kept = tuple(f"{p}: core, kept in house" for p in core if p not in outsourced)
    if given_away:
        return Answer.PARTIAL, kept + tuple(f"{p}: core, yet outsourced" for p in given_away)
    return Answer.ANSWERED, kept


def _phase(portfolio: Portfolio) -> tuple[Answer, tuple[str, ...]]:
    return Answer.NEEDS_JUDGEMENT, (f"client phase: {portfolio.client.phase}",)


def _growth(portfolio: Portfolio) -> tuple[Answer, tuple[str, ...]]:
    if portfolio.client.phase is not LifePhase.GROWTH:
        return Answer.NEEDS_JUDGEMENT, (f"client phase: {portfolio.client.phase}, not growth",)
    tracked = any(
        k.metric is KPIMetric.ABSORPTION_CAPACITY for c in portfolio.contracts for k in c.kpis
    )
    note = "absorption capacity tracked" if tracked else "absorption capacity not tracked"
    return Answer.NEEDS_JUDGEMENT, (f"client phase: growth; {note}",)


def _judgement(_portfolio: Portfolio) -> tuple[Answer, tuple[str, ...]]:
    return Answer.NEEDS_JUDGEMENT, ("not held in the portfolio's data",)


def _per_contract(rule: ContractRule) -> PortfolioRule:
    def answer(portfolio: Portfolio) -> tuple[Answer, tuple[str, ...]]:
        if not portfolio.contracts:
            return Answer.UNANSWERED, ("no contracts",)
        results = [(c.id, *rule(portfolio, c)) for c in portfolio.contracts]
        kinds = {kind for _, kind, _ in results}
        if kinds == {Answer.ANSWERED}:
            overall = Answer.ANSWERED
        elif kinds == {Answer.UNANSWERED}:
            overall = Answer.UNANSWERED
        else:
            overall = Answer.PARTIAL
        return overall, tuple(f"{cid}: {text}" for cid, _, text in results)

    return answer


# The French questions keep the source's typography: a narrow no-break space (U+202F) before
# "?" and inside the guillemets, exactly as seed 003 writes them.
_Q: tuple[tuple[str, str, PortfolioRule | None], ...] = (
    (
        "Pourquoi externaliser ? Quels bénéfices pour mon entreprise ?",
        "Why outsource? What are the benefits for my company?",
        _benefits,
    ),
    (
        "Quels profils d’assistance externalisée choisir (spécialisé, polyvalent…) ?",
        "Which profiles of outsourced assistance to choose (specialised, versatile…)?",
        _per_contract(_capabilities),
    ),
    (
        "Quel volume et quelle nature de tâches externaliser ?",
        "What volume and what kind of tasks to outsource?",
        _per_contract(_volume),
    ),
    (
        "Comment gérer les pics de charge exceptionnel ou imprévu ?",
        "How to handle exceptional or unforeseen workload peaks?",
        _per_contract(_peaks),
    ),
    (
        "Comment intégrer les assistants externalisés dans les rituels d’équipe ?",
        "How to bring the outsourced assistants into the team's rituals?",
        _per_contract(_rituals),
    ),
    (
        "Quels supports et canaux de communication privilégier ?",
        "Which communication media and channels to favour?",
        _per_contract(_channels),
    ),
    (
        "Comment organiser la gestion des accès aux outils et documents ?",
        "How to organise access to tools and documents?",
        _per_contract(_access),
    ),
    (
        "Comment former puis co-former les équipes internes et externes ?",
        "How to train, then cross-train, the internal and external teams?",
        _per_contract(_training),
    ),
    (
        "Quels mécanismes pour assurer la confidentialité et la sécurité des données ?",
        "What mechanisms ensure the confidentiality and security of data?",
        _per_contract(_security),
    ),
    (
        "Quels process de sauvegarde et de récupération des informations ?",
        "What processes back up and recover information?",
        _per_contract(_backup),
    ),
    (
        "Comment organiser la capitalisation et la traçabilité des savoirs ?",
        "How to capture knowledge and keep it traceable?",
        _per_contract(_knowledge),
    ),
    (
        "Quels KPIs ou indicateurs suivre ?",
        "Which KPIs or indicators to track?",
        _per_contract(_kpis),
    ),
    (
        "Périodicité des réunions de suivi et feedbacks à organiser ?",
        "How often to hold follow-up meetings and give feedback?",
        _per_contract(_follow_up),
    ),
    (
        "Quelles sont les attentes de l’équipe interne vis-à-vis des assistants extérieurs ?",
        "What does the internal team expect of the external assistants?",
        _per_contract(_expectations),
    ),
    (
        "Qui valide, arbitre ou priorise les demandes ?",
        "Who validates, arbitrates or prioritises requests?",
        _per_contract(_referent),
    ),
    (
        "Comment garantir la réactivité sans déborder sur l’opérationnel interne ?",
        "How to ensure responsiveness without spilling over into internal operations?",
        _per_contract(_reactivity),
    ),
    (
        "Quels outils collaboratifs choisir pour piloter la relation ?",
        "Which collaborative tools to choose to steer the relationship?",
        _per_contract(_dashboard),
    ),
    (
        "Comment traiter les éventuels dysfonctionnements ou conflits ?",
        "How to deal with malfunctions or disputes?",
        _per_contract(_escalation),
    ),
    (
        "Comment organiser la réversibilité du partenariat externalisé ?",
        "How to organise the reversibility of the outsourcing partnership?",
        _per_contract(_reversibility),
    ),
    (
        "Quels délais de préavis ou modalités de transition prévoir ?",
        "What notice periods or transition arrangements to provide for?",
        _per_contract(_notice),
    ),
    (
        "Comment fixer le juste niveau de délégation versus de contrôle ?",
        "How to set the right level of delegation versus control?",
        _per_contract(_delegation),
    ),
    (
        "Quels rôles restent « intransférables » en interne ?",
        'Which roles remain "non-transferable" in house?',
        _kept_in_house,
    ),
    (
        "Doit-on contractualiser via des SLA (Service Level Agreement) ?",
        "Should the service be contracted through SLAs (service level agreements)?",
        _per_contract(_slas),
    ),
    (
        "Que faire si le prestataire ne tient pas ses engagements ?",
        "What to do if the provider does not keep its commitments?",
        _per_contract(_remedies),
    ),
    (
        "Quel coût total réel versus internalisation ?",
        "What is the real total cost versus keeping it in house?",
        _per_contract(_total_cost),
    ),
    (
        "Quels signaux permettent de juger que l’externalisation fonctionne (ou dérive) ?",
        "Which signals show that the outsourcing works (or drifts)?",
        _per_contract(_signals),
    ),
    (
        "Quels sont les points de vigilance en cas de croissance rapide ?",
        "What to watch out for in rapid growth?",
        _growth,
    ),
    (
        "La solution est-elle adaptée en phase de cession/restructuration ?",
        "Is the solution suited to a sale or restructuring phase?",
        _phase,
    ),
    (
        "Comment garder la cohésion de l’équipe malgré l’externalisation ?",
        "How to keep the team cohesive despite outsourcing?",
        None,
    ),
    (
        "Comment réajuster en continu ? Mises à jour, feedbacks, rétroactions régulières ?",
        "How to keep readjusting? Updates, feedback, regular feedback loops?",
        _per_contract(_readjust),
    ),
    (
        "Quels outils d’automatisation ou de digitalisation pourraient compléter le dispositif ?",
        "Which automation or digital tools could complement the set-up?",
        None,
    ),
    (
        "Quand refaire un audit de l’organisation administrative ?",
        "When to audit the administrative organisation again?",
        None,
    ),
)

_JUDGED = frozenset({_growth, _phase})

_NOTICE_QUESTION = 20
"""The question on notice periods and transition, answered with dates when a day is given."""

QUESTIONS: tuple[GovernanceQuestion, ...] = tuple(
    GovernanceQuestion(n, fr, en, rule is not None and rule not in _JUDGED)
    for n, (fr, en, rule) in enumerate(_Q, start=1)
)
"""The 32 questions of seed 003, in the source's order."""


def assess_governance(
    portfolio: Portfolio, *, as_of: pendulum.Date | str | None = None
) -> GovernanceReadiness:
    """Answer the 32 governance questions from a portfolio's data, where it can.

    Args:
        portfolio: The client's portfolio.
        as_of: The day the answers are given on; with it, question 20 (notice and transition)
            names each contract's next notice deadline as a date (`key_dates`), not only its
            notice period.

    Returns:
        One answer per question, in order, with the evidence contract by contract.
    """
    day = None if as_of is None else to_date(as_of)
    dated: dict[int, PortfolioRule] = {
        _NOTICE_QUESTION: _per_contract(
            lambda portfolio, contract: _notice(portfolio, contract, day)
        ),
    }
    answers = []
    for question, (_, _, rule) in zip(QUESTIONS, _Q, strict=True):
        chosen = dated.get(question.number, rule) if day is not None else rule
        answer, evidence = (chosen or _judgement)(portfolio)
        answers.append(QuestionAnswer(question, answer, evidence))
    return GovernanceReadiness(client=portfolio.client.name, answers=tuple(answers))
