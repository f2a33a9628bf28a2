"""Which outsourcing model to choose for a process — or to keep it in house — ranked, with reasons.

`recommend` scores every option (keep in house; or each shoring × coverage × horizon, the kind
being the process's own) on the criteria of the sources, each contribution kept with its reason:

1. **data confidentiality** — secret and confidential data favour keeping the work in house or
   close; personal data leaving the EEA for a country without an adequacy decision needs
   standard contractual clauses, special-category data (health, …) raises the bar further;
2. **frequency and complexity** — routine recurring work suits outsourcing and lasting
   arrangements; occasional work a tactical one; complex work partial coverage;
3. **supervision** — close supervision wanted favours partial coverage and nearby providers;
4. **economic and organisational objectives** (`Needs.objectives`) — cutting costs favours
   offshore, face-to-face meetings onshore, absorbing peaks a tactical arrangement, …;
5. **life phase** of the company — growth, transformation, sale;
6. **language fit** — the process's working language against the official and de facto
   languages of each candidate country (CLDR territory data, through babel); a misfit costs
   more for front-office, customer-facing work;
7. **cost** — when a business case is given (in-house costs known), its savings over the term
   as a share of the in-house cost: savings favour outsourcing, losses keeping it in house;
8. **certifications** and **capabilities** — for candidate providers: confidential or
   personal data call for an information-security certification (ISO/IEC 27001 or SOC 2),
   personal data rewards ISO/IEC 27701; a provider that does not list the process's business
   function among its capabilities loses points;

plus the process's **strategic importance** (a core process stays in house: a veto of
`CORE_VETO` points, more than every other criterion can add) and its **readiness** (the weak
signals, see `readiness`). Options are ranked by score; options with the same score share a
rank (``Option.rank``) and `Recommendation.ties` lists them, so a tie is reported as a tie.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from enum import StrEnum

import attrs

from outsourcing.classification.classify import classify
from outsourcing.classification.readiness import Readiness, ReadinessLevel, assess_readiness
from outsourcing.costs.business_case import BusinessCase
from outsourcing.exceptions import InvalidValueError
from outsourcing.model._checks import country_codes, to_frozenset, to_tuple
from outsourcing.model.axes import Coverage, Horizon, LifePhase, Office, OutsourcingKind, Shoring
from outsourcing.model.contract import TransferMechanism
from outsourcing.model.portfolio import Client
from outsourcing.model.process import (
    Complexity,
    Confidentiality,
    Frequency,
    Process,
    StrategicImportance,
)
from outsourcing.model.provider import Certification, Provider
from outsourcing.reference.geography import ShoringRule, country_name, proximity
from outsourcing.reference.languages import language_name, speaks
from outsourcing.reference.transfers import AdequacyStatus, adequacy, in_eea

__all__ = [
    "CORE_VETO",
    "Contribution",
    "Criterion",
    "Needs",
    "Objective",
    "Option",
    "Recommendation",
    "TransferAdvice",
    "recommend",
]

CORE_VETO = 500
"""Points that keep a core process in house: more than all other criteria can add together."""


class Objective(StrEnum):
    """The economic and organisational objectives a client pursues by outsourcing."""

    CUT_COSTS = "cut_costs"
    ABSORB_PEAKS = "absorb_peaks"
    ACCESS_EXPERTISE = "access_expertise"
    FOCUS_ON_CORE = "focus_on_core"
    SCALE_WITHOUT_HIRING = "scale_without_hiring"
    FACE_TO_FACE = "face_to_face"


class Criterion(StrEnum):
    """The criteria an option is scored on."""

    IMPORTANCE = "strategic importance"
    CONFIDENTIALITY = "data confidentiality"
    FREQUENCY_COMPLEXITY = "frequency and complexity"
    SUPERVISION = "supervision"
    OBJECTIVES = "objectives"
    LIFE_PHASE = "life phase"
    READINESS = "readiness"
    LANGUAGE = "language fit"
    COST = "cost"
    CERTIFICATIONS = "certifications"
    CAPABILITIES = "capabilities"


@attrs.frozen
class Needs:
    """What the client wants from outsourcing this process.

    Attributes:
        objectives: Its economic and organisational objectives.
        candidate_countries: Countries where it would consider a provider (ISO 3166-1 alpha-2);
            empty: options are scored by shoring alone, without a country.
        rule: The nearshore/offshore rule (None: `ShoringRule()`).
        candidate_providers: Providers it would consider: each gives options in its country,
            scored on its certifications too.
    """

    objectives: frozenset[Objective] = attrs.field(factory=frozenset, converter=to_frozenset)
    candidate_countries: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=country_codes
    )
    rule: ShoringRule | None = None
    candidate_providers: tuple[Provider, ...] = attrs.field(default=(), converter=to_tuple)


@attrs.frozen
class Contribution:
    """Points one criterion gives an option, and why.

    Attributes:
        criterion: The criterion.
        points: Points added (negative: taken away).
        reason: Why, in words.
    """

    criterion: Criterion
    points: int
    reason: str

    def __str__(self) -> str:
        return f"{self.criterion.value}: {self.points:+d}, {self.reason}"


@attrs.frozen
class TransferAdvice:
    """What sending the process's personal data to the provider's country requires.

    Attributes:
        country: The destination country (None: unknown, judged by shoring only).
        status: EEA, adequate, conditional or not adequate (None when the country is unknown).
        mechanism: The GDPR Chapter V ground needed (None: no transfer out of the EEA).
        special_category: Whether special-category data would travel.
        reasons: What to do, in words.
    """

    country: str | None
    status: AdequacyStatus | None
    mechanism: TransferMechanism | None
    special_category: bool
    reasons: tuple[str, ...]


@attrs.frozen
class Option:
    """One way to source the process, scored.

    Attributes:
        in_house: Whether the option is to keep the work in house (then the axes are None).
        kind: BPO, ITO or KPO (the process's own kind).
        shoring: Onshore, nearshore or offshore.
        coverage: Total or partial.
        horizon: Tactical or strategic.
        country: The provider's country when candidate countries or providers were given.
        provider_id: The candidate provider the option is with (None: no provider named).
        score: Sum of the contributions.
        contributions: Each criterion's points and reason.
        transfer: What a transfer of personal data would need (None: no personal data leaves).
        rank: Its rank, 1 for the best; options with the same score share a rank (1, 1, 3).
        warnings: What to weigh before choosing it, beside its score (an outsourced option for
            a process its readiness calls not a candidate).
    """

    in_house: bool
    kind: OutsourcingKind | None
    shoring: Shoring | None
    coverage: Coverage | None
    horizon: Horizon | None
    country: str | None
    score: int
    contributions: tuple[Contribution, ...]
    transfer: TransferAdvice | None = None
    rank: int = 0
    warnings: tuple[str, ...] = ()
    provider_id: str | None = None

    @property
    def label(self) -> str:
        """The option in a few words, e.g. ``BPO nearshore (MA), partial, strategic``."""
        if self.in_house:
            return "keep in house"
        kind = self.kind.value.upper() if self.kind else ""
        where = f"{self.shoring.value if self.shoring else ''}"
        if self.provider_id:
            where += f" ({self.provider_id}, {self.country})"
        elif self.country:
            where += f" ({self.country})"
        coverage = self.coverage.value if self.coverage else ""
        horizon = self.horizon.value if self.horizon else ""
        return f"{kind} {where}, {coverage}, {horizon}"

    @property
    def reasons(self) -> tuple[str, ...]:
        """The contributions in words, largest first."""
        ranked = sorted(self.contributions, key=lambda c: (-abs(c.points), c.criterion.value))
        return tuple(str(c) for c in ranked)


@attrs.frozen
class Recommendation:
    """The options for a process, best first.

    Attributes:
        process_id: The process.
        kind: Its outsourcing kind (from the catalogue or declared).
        options: Every option, ranked by score, best first.
        readiness: How strongly the process is a candidate at all.
    """

    process_id: str
    kind: OutsourcingKind
    options: tuple[Option, ...]
    readiness: Readiness

    @property
    def best(self) -> Option:
        """The best-scored option (the first of them when several tie)."""
        return self.options[0]

    @property
    def ties(self) -> tuple[tuple[Option, ...], ...]:
        """Groups of options sharing a rank, best first (empty: no two options tie)."""
        groups: dict[int, list[Option]] = {}
        for option in self.options:
            groups.setdefault(option.rank, []).append(option)
        return tuple(tuple(group) for group in groups.values() if len(group) > 1)

    @property
    def best_is_tied(self) -> bool:
        """Whether another option scores as well as the best."""
        return len(self.options) > 1 and self.options[1].rank == self.options[0].rank


@attrs.frozen
class _Shape:
    in_house: bool
    shoring: Shoring | None = None
    coverage: Coverage | None = None
    horizon: Horizon | None = None
    country: str | None = None
    provider: Provider | None = None


def _importance(process: Process, shape: _Shape) -> Iterator[Contribution]:
    c = Criterion.IMPORTANCE
    level = process.importance
    if level is StrategicImportance.CORE and shape.in_house:
        yield Contribution(c, CORE_VETO, "a core process stays in house (strategic tasks do)")
    elif level is StrategicImportance.IMPORTANT:
        if shape.in_house:
            yield Contribution(c, 15, "an important process is safer kept close")
        elif shape.coverage is Coverage.PARTIAL:
            yield Contribution(c, 10, "an important process keeps its steering in house")
    elif level is StrategicImportance.SUPPORT and not shape.in_house:
        yield Contribution(c, 15, "a support process is eligible for outsourcing")


def _confidentiality(process: Process, shape: _Shape) -> Iterator[Contribution]:
    c = Criterion.CONFIDENTIALITY
    level = process.confidentiality
    if level is Confidentiality.SECRET and shape.in_house:
        yield Contribution(c, 30, "secret data is best kept in house")
    elif level is Confidentiality.CONFIDENTIAL:
        if shape.in_house:
            yield Contribution(c, 10, "confidential data is safer kept in house")
        elif shape.shoring is Shoring.OFFSHORE:
            yield Contribution(c, -10, "confidential data far away is harder to control")
    if process.special_category_data and not shape.in_house:
        yield Contribution(c, -10, "special-category data raises the bar for any provider")


def _article(shoring: Shoring | None) -> str:
    """``an offshore``, ``a nearshore``: the shoring with its indefinite article."""
    word = shoring.value if shoring is not None else "foreign"
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _transfer(
    process: Process, client: Client, shape: _Shape
) -> tuple[TransferAdvice | None, list[Contribution]]:
    if shape.in_house or not process.personal_data or not in_eea(client.country):
        return None, []
    c = Criterion.CONFIDENTIALITY
    special = process.special_category_data
    extra = (
        "special-category data: also an Art. 9 condition, a transfer impact assessment and "
        "strong supplementary measures (encryption, pseudonymisation)"
    )
    if shape.country is None:
        if shape.shoring is Shoring.ONSHORE:
            return None, []
        reasons = [
            (
                f"{_article(shape.shoring)} provider may be outside the "
                "EEA: check the country's adequacy; without it, standard contractual clauses "
                "are needed"
            )
        ]
        if special:
            reasons.append(extra)
        penalty = (-10 if shape.shoring is Shoring.OFFSHORE else -5) * (2 if special else 1)
        advice = TransferAdvice(None, None, None, special, tuple(reasons))
        return advice, [Contribution(c, penalty, reasons[0])]
    status = adequacy(shape.country)
    name = country_name(shape.country)
    if status.status is AdequacyStatus.EEA:
        return None, []
    if status.status is AdequacyStatus.NOT_ADEQUATE:
        mechanism = TransferMechanism.STANDARD_CONTRACTUAL_CLAUSES
        reasons = [
            (
                f"personal data to {name}, which has no EU adequacy decision: standard contractual "
                "clauses (GDPR Art. 46(2)(c)) and a transfer impact assessment are needed"
            )
        ]
        points = -10
    else:
        mechanism = TransferMechanism.ADEQUACY_DECISION
        reasons = [f"personal data to {name}: adequacy decision ({status.decision})"]
        points = 0
        if status.status is AdequacyStatus.CONDITIONAL:
            reasons[0] += f", only if {status.condition}; otherwise standard contractual clauses"
            points = -5
    if special:
        reasons.append(extra)
        points = points * 2 - 10
    advice = TransferAdvice(shape.country, status.status, mechanism, special, tuple(reasons))
    return advice, ([Contribution(c, points, reasons[0])] if points else [])


def _frequency_complexity(process: Process, shape: _Shape) -> Iterator[Contribution]:
    c = Criterion.FREQUENCY_COMPLEXITY
    occasional = process.frequency is Frequency.OCCASIONAL
    routine = process.complexity is Complexity.LOW and not occasional
    if shape.in_house:
        if process.complexity is Complexity.HIGH:
            yield Contribution(c, 5, "complex work relies on in-house knowledge")
        return
    if routine:
        yield Contribution(c, 15, "routine recurring work is what providers industrialise")
        if shape.coverage is Coverage.TOTAL:
            yield Contribution(c, 5, "routine work can be handed over whole")
    if process.complexity is Complexity.HIGH and shape.coverage is Coverage.PARTIAL:
        yield Contribution(c, 5, "complex work is better shared, steering kept in house")
    if occasional:
        if shape.horizon is Horizon.TACTICAL:
            yield Contribution(c, 10, "occasional work is a one-off need")
        else:
            yield Contribution(c, -10, "occasional work does not justify a lasting partnership")
    elif shape.horizon is Horizon.STRATEGIC:
        yield Contribution(c, 10, f"work recurring {process.frequency.value} lasts")


def _supervision(process: Process, shape: _Shape) -> Iterator[Contribution]:
    c = Criterion.SUPERVISION
    if shape.in_house:
        return
    if not process.supervision:
        if shape.coverage is Coverage.TOTAL:
            yield Contribution(c, 5, "no close supervision wanted: the whole function can go")
        return
    if shape.coverage is Coverage.PARTIAL:
        yield Contribution(c, 10, "close supervision wanted: steering stays in house")
    else:
        yield Contribution(c, -10, "close supervision is hard when the whole function goes")
    points = {Shoring.ONSHORE: 10, Shoring.NEARSHORE: 5, Shoring.OFFSHORE: -10}
    if shape.shoring is not None:
        yield Contribution(
            c, points[shape.shoring], f"supervising {shape.shoring.value} (time zones, travel)"
        )


_OBJECTIVE_POINTS: dict[Objective, tuple[str, dict[str, int]]] = {
    Objective.CUT_COSTS: (
        "cutting costs: the labour-cost gap is widest offshore, smaller nearshore",
        {"in_house": -10, "offshore": 20, "nearshore": 10},
    ),
    Objective.FACE_TO_FACE: (
        "regular face-to-face meetings",
        {"onshore": 20, "nearshore": 5, "offshore": -15},
    ),
    Objective.ABSORB_PEAKS: (
        "absorbing temporary overloads",
        {"outsourced": 5, "tactical": 10, "partial": 5},
    ),
    Objective.ACCESS_EXPERTISE: (
        "access to expertise the company lacks",
        {"in_house": -5, "outsourced": 10},
    ),
    Objective.FOCUS_ON_CORE: (
        "freeing the teams for the core business",
        {"outsourced": 10, "total": 5},
    ),
    Objective.SCALE_WITHOUT_HIRING: (
        "scaling without forced hiring",
        {"in_house": -10, "outsourced": 5, "strategic": 10},
    ),
}


def _features(shape: _Shape) -> set[str]:
    if shape.in_house:
        return {"in_house"}
    return {
        "outsourced",
        *(v.value for v in (shape.shoring, shape.coverage, shape.horizon) if v is not None),
    }


def _objectives(needs: Needs, shape: _Shape) -> Iterator[Contribution]:
    features = _features(shape)
    for objective in sorted(needs.objectives):
        reason, table = _OBJECTIVE_POINTS[objective]
        points = sum(p for feature, p in table.items() if feature in features)
        if points:
            yield Contribution(Criterion.OBJECTIVES, points, reason)


_PHASE_POINTS: dict[LifePhase, tuple[str, dict[str, int]]] = {
    LifePhase.GROWTH: (
        "growth: scale and absorb peaks without forced hiring",
        {"outsourced": 5, "strategic": 5, "total": 5},
    ),
    LifePhase.TRANSFORMATION: (
        "transformation: temporary expertise and agility",
        {"outsourced": 5, "tactical": 10, "partial": 5},
    ),
    LifePhase.SALE: (
        "sale: a professional, documented back office and secure hand-overs",
        {"outsourced": 5, "strategic": 5, "onshore": 5, "nearshore": 5, "offshore": -5},
    ),
}


def _phase(client: Client, shape: _Shape) -> Iterator[Contribution]:
    if client.phase not in _PHASE_POINTS:
        return
    reason, table = _PHASE_POINTS[client.phase]
    points = sum(p for feature, p in table.items() if feature in _features(shape))
    if points:
        yield Contribution(Criterion.LIFE_PHASE, points, reason)


def _readiness(readiness: Readiness, shape: _Shape) -> Iterator[Contribution]:
    if not shape.in_house and readiness.score:
        yield Contribution(
            Criterion.READINESS,
            readiness.score // 10,
            f"{readiness.level.value.replace('_', ' ')} candidate ({readiness.score}/100)",
        )


def _language_fit(process: Process, office: Office, shape: _Shape) -> Iterator[Contribution]:
    language = process.working_language
    if shape.in_house or language is None or shape.country is None:
        return
    name, country = language_name(language), country_name(shape.country)
    if speaks(shape.country, language):
        yield Contribution(
            Criterion.LANGUAGE, 10, f"{name} is an official or de facto language of {country}"
        )
        return
    front = office is Office.FRONT
    yield Contribution(
        Criterion.LANGUAGE,
        -20 if front else -10,
        f"{name} is not an official language of {country}"
        + (": customer-facing work needs native-level speakers" if front else ""),
    )


def _warnings(readiness: Readiness, shape: _Shape) -> tuple[str, ...]:
    if shape.in_house or readiness.level is not ReadinessLevel.NOT_A_CANDIDATE:
        return ()
    why = f": {readiness.reasons[0]}" if readiness.reasons else ""
    return (f"its readiness says the process is not a candidate for outsourcing{why}",)


_SECURITY = frozenset({Certification.ISO_27001, Certification.SOC_2})


def _certifications(process: Process, shape: _Shape) -> Iterator[Contribution]:
    provider = shape.provider
    if provider is None:
        return
    c = Criterion.CERTIFICATIONS
    held = provider.certifications
    sensitive = process.confidentiality in {Confidentiality.CONFIDENTIAL, Confidentiality.SECRET}
    if sensitive or process.personal_data:
        data = "confidential" if sensitive else "personal"
        security = sorted(str(x) for x in held & _SECURITY)
        if security:
            yield Contribution(
                c, 10, f"{provider.name} holds {', '.join(security)} for {data} data"
            )
        else:
            yield Contribution(
                c,
                -10,
                f"{provider.name} holds no information-security certification (ISO/IEC 27001, "
                f"SOC 2) for {data} data",
            )
    if process.personal_data and Certification.ISO_27701 in held:
        yield Contribution(c, 5, f"{provider.name} holds iso_27701 for personal data")
    function = process.function.value.replace("_", " ")
    if process.function in provider.capabilities:
        yield Contribution(Criterion.CAPABILITIES, 10, f"{provider.name} delivers {function}")
    else:
        yield Contribution(
            Criterion.CAPABILITIES,
            -30,
            f"{provider.name} does not list {function} among its capabilities",
        )


def _cost(case: BusinessCase | None, shape: _Shape) -> Iterator[Contribution]:
    if case is None:
        return
    comparison = case.comparison
    currency = comparison.currency
    saved = sum((m.amount for m in comparison.savings), Decimal(0))
    in_house = sum((m.amount for m in comparison.baseline), Decimal(0))
    if in_house <= 0:
        return
    share = (saved / in_house * 100).quantize(Decimal("0.1"))
    months = len(comparison.months)
    if saved > 0:
        reason = (
            f"the business case of contract {case.contract_id} saves {share} % of the in-house "
            f"cost over {months} months ({saved:.2f} {currency})"
        )
        if not shape.in_house:
            yield Contribution(Criterion.COST, 20 if share >= 10 else 10, reason)
        return
    reason = (
        f"the business case of contract {case.contract_id} costs {-share} % more than keeping "
        f"the work in house over {months} months ({-saved:.2f} {currency})"
    )
    yield Contribution(Criterion.COST, 10 if shape.in_house else -10, reason)


def _shapes(client: Client, needs: Needs) -> Iterator[_Shape]:
    yield _Shape(in_house=True)
    places: list[tuple[Shoring, str | None, Provider | None]] = [
        (proximity(client.country, c, rule=needs.rule).shoring, c, None)
        for c in dict.fromkeys(code.upper() for code in needs.candidate_countries)
    ]
    places += [
        (proximity(client.country, p.country, rule=needs.rule).shoring, p.country, p)
        for p in needs.candidate_providers
    ]
    if not places:
        places = [(s, None, None) for s in Shoring]
    for shoring, country, provider in places:
        for coverage in Coverage:
            for horizon in Horizon:
                yield _Shape(
                    in_house=False,
                    shoring=shoring,
                    coverage=coverage,
                    horizon=horizon,
                    country=country,
                    provider=provider,
                )


def _option(
    process: Process,
    client: Client,
    *,
    needs: Needs,
    kind: OutsourcingKind,
    office: Office,
    readiness: Readiness,
    shape: _Shape,
    case: BusinessCase | None = None,
) -> Option:
    transfer, transfer_points = _transfer(process, client, shape)
    contributions = (
        *_importance(process, shape),
        *_confidentiality(process, shape),
        *transfer_points,
        *_frequency_complexity(process, shape),
        *_supervision(process, shape),
        *_objectives(needs, shape),
        *_phase(client, shape),
        *_readiness(readiness, shape),
        *_language_fit(process, office, shape),
        *_cost(case, shape),
        *_certifications(process, shape),
    )
    return Option(
        in_house=shape.in_house,
        kind=None if shape.in_house else kind,
        shoring=shape.shoring,
        coverage=shape.coverage,
        horizon=shape.horizon,
        country=shape.country,
        score=sum(c.points for c in contributions),
        contributions=contributions,
        transfer=transfer,
        warnings=_warnings(readiness, shape),
        provider_id=None if shape.provider is None else shape.provider.id,
    )


def recommend(
    process: Process,
    *,
    client: Client,
    needs: Needs | None = None,
    business_case: BusinessCase | None = None,
) -> Recommendation:
    """Rank the ways to source a process, keeping it in house included, with reasons.

    Pure and deterministic: the same arguments always give the same ranking.

    Args:
        process: The process, with its importance, data, frequency, complexity, supervision
            and weak signals.
        client: The client company (its country for transfers and shoring, its life phase).
        needs: The client's objectives and candidate provider countries (None: no objective,
            shoring options without a country).
        business_case: A business case of outsourcing the process (`business_case`), when its
            in-house costs are known: its savings score the options.

    Returns:
        Every option scored and ranked, best first, with the process's readiness.

    Raises:
        InvalidValueError: If an argument has the wrong type, or the business case does not
            cover the process.
    """
    needs = Needs() if needs is None else needs
    if not isinstance(needs, Needs):
        raise InvalidValueError("needs", needs, "must be a Needs")
    if business_case is not None and process.id not in {p.id for p in business_case.processes}:
        raise InvalidValueError(
            "business_case",
            business_case.contract_id,
            f"does not cover process {process.id!r}",
        )
    classification = classify(process, client=client)
    kind, office = classification.kind.value, classification.office.value
    readiness = assess_readiness(process, client=client)
    options = [
        _option(
            process,
            client,
            needs=needs,
            kind=kind,
            office=office,
            readiness=readiness,
            shape=shape,
            case=business_case,
        )
        for shape in _shapes(client, needs)
    ]
    # Stable sort: equal scores keep the fixed order of _shapes (in house first), and share
    # a rank (competition ranking: 1, 1, 3).
    ranked = sorted(options, key=lambda o: -o.score)
    scores = [o.score for o in ranked]
    with_ranks = tuple(attrs.evolve(o, rank=scores.index(o.score) + 1) for o in ranked)
    return Recommendation(process.id, kind, with_ranks, readiness)
