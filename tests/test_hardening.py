"""Every case of the hardening issue's table: bad input raises an `OutsourcingError` naming it.

Each test is named after the case it pins down; none lets a decimal, int-conversion, recursion,
file-system, overflow or memory error escape.
"""

from __future__ import annotations

import copy
import json
import re
import warnings
from decimal import Decimal, InvalidOperation, localcontext
from pathlib import Path
from typing import Any

import pytest

from outsourcing import (
    SLA,
    DocumentError,
    InvalidValueError,
    Money,
    OutsourcingError,
    Portfolio,
    dumps,
    load,
    loads,
    structure,
    unstructure,
)
from outsourcing.costs import (
    CostAssumptions,
    Fixed,
    Normal,
    Triangular,
    Uncertainty,
    Uniform,
    compare_costs,
    project_costs,
    simulate_costs,
)
from outsourcing.costs.simulation import BYTES_PER_RUN_MONTH, MEMORY_LIMIT
from outsourcing.decimals import computing
from outsourcing.io import Format
from outsourcing.io.formats import parse_text
from outsourcing.samples import sample_portfolio, sample_text

SAMPLE = sample_portfolio()
DOCUMENT: dict[str, Any] = unstructure(SAMPLE)
PROCESSES = tuple(p for p in SAMPLE.processes if p.id in SAMPLE.contracts[0].process_ids)
CONTRACT = SAMPLE.contracts[0]


def _document() -> dict[str, Any]:
    return copy.deepcopy(DOCUMENT)


def _problems(data: object) -> tuple[str, ...]:
    with pytest.raises(DocumentError) as caught:
        structure(data, Portfolio)
    return caught.value.errors


# --- a decimal like "1e999999999" in a document ---------------------------------------------


@pytest.mark.parametrize("value", ["1e999999999", "-1e999999999", "1e19", 10**19])
def test_decimal_1e999999999_in_a_document_is_refused_with_its_path(value: object) -> None:
    """A decimal beyond the documented range (below 10^15) is refused, naming the path."""
    document = _document()
    document["processes"][0]["in_house"]["loaded_salary"]["amount"] = value
    (problem,) = _problems(document)
    assert problem.startswith("$.processes[0].in_house.loaded_salary.amount: is out of range"), (
        problem
    )


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_decimal_1e999999999_written_as_a_number_in_a_text(fmt: Format) -> None:
    """The same decimal written as a bare number in JSON or YAML text is refused with its path."""
    text = '{"amount": 1e999999999, "currency": "EUR"}'
    with pytest.raises(DocumentError, match=r"\$\.amount \(line 1, column 2\): is out of range"):
        loads(text, Money, fmt)


def test_money_built_in_python_with_1e999999999_rounds_to_a_named_error() -> None:
    """Rounding an absurd amount built in Python raises an error naming Money.amount."""
    amount = Money("1e999999999", "EUR")
    with pytest.raises(InvalidValueError, match=r"^Money\.amount: cannot be rounded"):
        amount.rounded()


def test_money_from_and_to_minor_units_stay_exact_however_large() -> None:
    """Minor units beyond the default 28 digits of precision round-trip exactly."""
    units = 10**250 + 1
    assert Money.from_minor(units, "EUR").to_minor() == units
    assert Money.from_minor(-12345, "BHD").amount == Decimal("-12.345")


# --- volume growth of 10,000 % over 1,200 months ----------------------------------------------

CENTURY = CostAssumptions(
    start="2025-01-01", months=1200, currency="EUR", annual_volume_growth=10_000
)


def test_growth_of_10000_percent_over_1200_months_in_project_costs() -> None:
    """project_costs names the growth assumption instead of raising decimal.InvalidOperation."""
    with pytest.raises(
        InvalidValueError,
        match=r"^CostAssumptions\.annual_volume_growth: compounded over 1200 months",
    ):
        project_costs(PROCESSES, CONTRACT, assumptions=CENTURY)


def test_growth_of_10000_percent_over_1200_months_even_with_traps_off() -> None:
    """A caller's context without traps cannot turn the failure into a silent NaN."""
    with localcontext() as context:
        context.traps[InvalidOperation] = False
        with pytest.raises(InvalidValueError, match="annual_volume_growth"):
            project_costs(PROCESSES, assumptions=CENTURY)


def test_growth_of_10000_percent_over_1200_months_in_simulate_costs() -> None:
    """simulate_costs computes the runs in exact integers; their summaries raise nothing."""
    simulation = simulate_costs(
        PROCESSES,
        CONTRACT,
        assumptions=CENTURY,
        uncertainty=Uncertainty(annual_volume_growth=Fixed(10_000)),
        runs=2,
        seed=0,
    )
    last = simulation.percentiles("baseline").p50[-1]
    assert last.amount > 10**200
    assert Money.from_minor(int(simulation.baseline_minor[0][-1]), "EUR") == last
    with pytest.raises(InvalidValueError, match="annual_volume_growth"):
        project_costs(PROCESSES, assumptions=simulation.run_assumptions(0))


# --- a huge discount rate in compare_costs ------------------------------------------------------


@pytest.mark.parametrize("rate", ["1e400", "1e999999999", "-99.99999999999999999999999999"])
def test_huge_discount_rate_in_compare_costs(rate: str) -> None:
    """A discount rate that overflows the discounting names compare_costs.discount_rate."""
    assumptions = CostAssumptions(start="2025-01-01", months=60, currency="EUR")
    baseline = project_costs(PROCESSES, assumptions=assumptions)
    alternative = project_costs(PROCESSES, CONTRACT, assumptions=assumptions)
    with pytest.raises(InvalidValueError, match=r"^compare_costs\.discount_rate: "):
        compare_costs(baseline, alternative, discount_rate=rate)


def test_discount_rate_that_is_not_a_number_names_the_parameter() -> None:
    """A discount rate that is not a number names compare_costs.discount_rate."""
    assumptions = CostAssumptions(start="2025-01-01", months=12, currency="EUR")
    baseline = project_costs(PROCESSES, assumptions=assumptions)
    with pytest.raises(InvalidValueError, match=r"^compare_costs\.discount_rate: "):
        compare_costs(baseline, baseline, discount_rate="eight")


# --- an integer of more than 4,300 digits in JSON, TOML or YAML --------------------------------

LONG = "7" * 5000


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("json", f'{{"client": {{"employees": {LONG}}}}}'),
        ("yaml", f"client:\n  employees: {LONG}\n"),
    ],
)
def test_integer_of_more_than_4300_digits_in_json_and_yaml(fmt: Format, text: str) -> None:
    """The converter refuses the integer with its path (not Python's int-conversion error)."""
    with pytest.raises(DocumentError) as caught:
        loads(text, Portfolio, fmt)
    problems = "\n".join(caught.value.errors)
    assert "$.client.employees (line " in problems
    assert "): must lie within ±10^18 (1,000,000,000,000,000,000), got 777" in problems


def test_integer_of_more_than_4300_digits_in_toml() -> None:
    """TOML has no integer hook: the text is refused with the integer's line and column."""
    text = f'[client]\nname = "A"\nemployees = {LONG}\n'
    with pytest.raises(DocumentError) as caught:
        loads(text, Portfolio, "toml")
    assert caught.value.errors == (
        "line 3, column 13: integer too long to read (numbers must lie within ±10^18)",
    )


def test_integer_of_more_than_4300_digits_built_in_python() -> None:
    """A huge int given as data is refused with its path and shown by its size."""
    document = _document()
    document["client"]["employees"] = 10**5000
    (problem,) = _problems(document)
    assert problem == (
        "$.client.employees: must lie within ±10^18 (1,000,000,000,000,000,000), "
        "got <an integer of about 5,001 digits>"
    )


# --- TOML arrays or inline tables nested 1,000 deep ---------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["[" * 1000 + "]" * 1000, "{a = " * 1000 + "1" + "}" * 1000],
    ids=["arrays", "inline-tables"],
)
def test_toml_nested_1000_deep(value: str) -> None:
    """TOML nested 1,000 deep is refused before parsing, with where it got too deep."""
    with pytest.raises(DocumentError) as caught:
        parse_text(f"x = 1\na = {value}\n", "toml")
    (problem,) = caught.value.errors
    assert problem.startswith("line 2, column ")
    assert problem.endswith("nested more than 100 levels deep")


# --- deeply nested SLA values -------------------------------------------------------------------


def _nested_list(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("field", ["name", "objective", "target", "exclusions", "credit_tiers"])
def test_deeply_nested_sla_values(field: str) -> None:
    """An SLA field holding a list nested 5,000 deep is reported with its path, not recursion."""
    sla = {"id": "s", "name": "S", "metric": "resolution", "objective": "90", "target": "PT4H"}
    sla[field] = _nested_list(5000)  # type: ignore[assignment]
    with pytest.raises(DocumentError) as caught:
        structure(sla, SLA)
    text = "\n".join(caught.value.errors)
    assert text.startswith(f"$.{field}"), text
    assert "Recursion" not in text


def test_deeply_nested_sla_values_in_yaml_text() -> None:
    """YAML nesting an SLA value 1,000 levels deep is refused before parsing."""
    text = "id: s\nname: " + "[" * 1000 + "]" * 1000 + "\n"
    with pytest.raises(DocumentError, match=r"line 2, column 107: nested more than 100 levels"):
        loads(text, SLA, "yaml")


# --- time zone "Europe" -------------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["Europe", "America", "../../etc/passwd", "/etc/localtime", ""])
def test_time_zone_europe_a_folder_of_the_zone_database(zone: str) -> None:
    """A folder or a path is an unknown zone, never opened: no install path in the message."""
    document = _document()
    document["providers"][0]["timezone"] = zone
    (problem,) = _problems(document)
    assert problem.startswith("$.providers[0].timezone: unknown IANA time zone"), problem
    assert "tzdata" not in problem
    assert "Errno" not in problem


def test_time_zone_typo_gets_a_suggestion() -> None:
    """A misspelt zone suggests the closest one."""
    document = _document()
    document["providers"][0]["timezone"] = "Europe/Pari"
    (problem,) = _problems(document)
    assert "(did you mean 'Europe/Paris'?)" in problem


# --- Uniform("-1e308", "1e308") and Triangular("-1e400", 0, "1e400") ---------------------------


def test_uniform_minus_1e308_to_1e308_is_refused() -> None:
    """Uniform bounds whose range a float cannot hold are refused when built."""
    with pytest.raises(InvalidValueError, match=r"^Uniform\.low: must lie within ±1,000,000,000"):
        Uniform("-1e308", "1e308")


def test_triangular_minus_1e400_to_1e400_is_refused() -> None:
    """The triangular case that drew the int64 minimum in every run is refused when built."""
    with pytest.raises(InvalidValueError, match=r"^Triangular\.low: must lie within"):
        Triangular("-1e400", 0, "1e400")


@pytest.mark.parametrize(
    "build",
    [
        lambda: Fixed("1e400"),
        lambda: Normal(0, "1e10"),
        lambda: Normal("-1e20", 1),
        lambda: Normal(0, 1, high="1e400"),
        lambda: Triangular(0, 0, "1e10"),
    ],
)
def test_distribution_parameters_no_draw_can_represent_are_refused(build: Any) -> None:
    """Every distribution refuses parameters beyond ±10^9 when built."""
    with pytest.raises(InvalidValueError, match="must lie within ±1,000,000,000"):
        build()


def test_widest_distributions_draw_without_warnings() -> None:
    """Distributions at the limit draw finite values, clipped as documented, without warnings."""
    uncertainty = Uncertainty(
        annual_volume_growth=Uniform("-1e9", "1e9"),
        wage_inflation=Triangular("-1e9", 0, "1e9"),
        workload_underestimate=Normal("1e9", "1e9"),
        transition_delay_months=Uniform("-1e9", "1e9"),
    )
    assumptions = CostAssumptions(start="2025-01-01", months=24, currency="EUR")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        simulation = simulate_costs(
            PROCESSES, CONTRACT, assumptions=assumptions, uncertainty=uncertainty, runs=50, seed=1
        )
    growth = simulation.inputs.annual_volume_growth
    assert int(growth.min()) >= -999_999
    assert int(growth.max()) <= 10**10


# --- simulate_costs with 10^6 runs × 60 months, 10^5 runs × 1,200 months ------------------------


@pytest.mark.parametrize(
    ("runs", "months", "estimate"),
    [(1_000_000, 60, "14.3 GiB"), (100_000, 1200, "28.6 GiB")],
)
def test_simulate_costs_refuses_beyond_its_memory_limit(
    runs: int, months: int, estimate: str
) -> None:
    """10^6 runs × 60 months and 10^5 runs × 1,200 months are refused with the estimate."""
    assert runs * months * BYTES_PER_RUN_MONTH > MEMORY_LIMIT
    assumptions = CostAssumptions(start="2025-01-01", months=months, currency="EUR")
    with pytest.raises(InvalidValueError) as caught:
        simulate_costs(
            PROCESSES,
            CONTRACT,
            assumptions=assumptions,
            uncertainty=Uncertainty(),
            runs=runs,
            seed=0,
        )
    message = str(caught.value)
    assert message.startswith("simulate_costs.runs: ")
    assert f"would need about {estimate}" in message
    assert "beyond the limit of 4 GiB" in message


# --- the decimal boundary itself ------------------------------------------------------------------


def test_computing_names_the_field_of_any_decimal_failure() -> None:
    """Inside `computing`, overflow and invalid operations become InvalidValueError."""
    with (
        pytest.raises(InvalidValueError, match=r"^rate: gives results too large") as caught,
        computing("rate", 5),
    ):
        _ = Decimal("1e999999") * 10
    assert caught.value.field == "rate"


# --- errors a person can act on -------------------------------------------------------------


def test_lower_case_currency_gets_its_hint() -> None:
    """'eur' is refused with the upper-case code it probably means."""
    document = _document()
    document["client"]["currency"] = "eur"
    (problem,) = _problems(document)
    assert problem == (
        "$.client.currency: unknown ISO 4217 currency (codes are upper case: 'EUR'), got 'eur'"
    )


def test_unknown_key_and_enum_value_get_a_suggestion() -> None:
    """A typo in a key or an enum value suggests the closest known name."""
    document = _document()
    pricing = document["contracts"][0]["pricing"]
    fee = {"amount": "100", "currency": "EUR"}
    pricing.append({"kind": "fixed_fee", "name": "x", "montly_fee": fee})
    document["processes"][0]["function"] = "payrol"
    problems = set(_problems(document))
    where = f"$.contracts[0].pricing[{len(pricing) - 1}]"
    assert f"{where}.montly_fee: unknown key (did you mean 'monthly_fee'?)" in problems
    assert any(
        p.startswith("$.processes[0].function: must be one of: payroll,")
        and p.endswith("(did you mean 'payroll'?), got 'payrol'")
        for p in problems
    ), problems


def test_json_text_of_the_sample_loads() -> None:
    """The hardening leaves valid documents alone (the sample in JSON reads back equal)."""
    assert loads(json.dumps(DOCUMENT), Portfolio) == SAMPLE


def test_every_error_here_is_an_outsourcing_error() -> None:
    """The errors these tests expect are all under OutsourcingError."""
    assert issubclass(DocumentError, OutsourcingError)
    assert issubclass(InvalidValueError, OutsourcingError)


# --- line and column next to the path ---------------------------------------------------------


def _typo_texts() -> dict[Format, str]:
    yaml_text = dumps(SAMPLE, "yaml")
    json_text = dumps(SAMPLE, "json")
    return {
        "toml": sample_text().replace('function = "payroll"', 'function = "payrol"'),
        "yaml": yaml_text.replace("function: payroll", "function: payrol"),
        "json": json_text.replace('"function": "payroll"', '"function": "payrol"'),
    }


@pytest.mark.parametrize("fmt", ["toml", "yaml", "json"])
def test_document_errors_give_line_and_column_next_to_the_path(fmt: Format) -> None:
    """The line and column of the bad value's key in the text follow the JSON path."""
    text = _typo_texts()[fmt]
    with pytest.raises(DocumentError) as caught:
        loads(text, Portfolio, fmt)
    (problem,) = caught.value.errors
    found = re.match(r"^\$\.processes\[0\]\.function \(line (\d+), column (\d+)\): ", problem)
    assert found, problem
    line, column = int(found[1]), int(found[2])
    assert text.splitlines()[line - 1][column - 1 :].lstrip('"').startswith("function")


def test_toml_positions_follow_arrays_of_tables_and_inline_tables() -> None:
    """A key inside an inline table of the third contract's first pricing line is located."""
    text = sample_text().replace(
        'monthly_fee = { amount = "3200"', 'monthly_fee = { amont = "3200"'
    )
    with pytest.raises(DocumentError) as caught:
        loads(text, Portfolio, "toml")
    lines = text.splitlines()
    for problem in caught.value.errors:
        found = re.search(r"\(line (\d+), column (\d+)\)", problem)
        assert found, problem
        assert "amont" in lines[int(found[1]) - 1], problem
    assert any("monthly_fee.amont (line" in p for p in caught.value.errors)


def test_file_errors_carry_positions_too(tmp_path: Path) -> None:
    """load() reports the same positions, naming the file."""
    path = tmp_path / "portfolio.yaml"
    path.write_text(_typo_texts()["yaml"], encoding="utf-8")
    with pytest.raises(DocumentError, match=r"YAML file .*\n  \$\.processes\[0\]\.function \(line"):
        load(path, Portfolio)
