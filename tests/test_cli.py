import datetime as dt
import io

import pytest

from outsourcing import SLA, Client, Contract, Portfolio, SLAMetric, Term
from outsourcing.cli import COMMANDS, main
from outsourcing.samples import sample_portfolio
from outsourcing.summary import portfolio_summary


def test_demo_describes_the_sample_portfolio(capsys: pytest.CaptureFixture[str]) -> None:
    """``outsourcing demo`` prints the client, processes, providers, contracts, fees and SLAs."""
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    portfolio = sample_portfolio()
    assert out.startswith("Maison Verdier SAS (FR, reports in EUR, growth phase)\n")
    for process in portfolio.processes:
        assert process.name in out
    for provider in portfolio.providers:
        assert f"{provider.name} [{provider.id}]: {provider.country}" in out
    for contract in portfolio.contracts:
        assert f"{contract.title} [{contract.id}]" in out
        for sla in contract.slas:
            assert f"{sla.name}: {sla.objective}" in out
    assert "2025-01-01 to 2027-12-31, tacit renewal every 1 year, notice 6 months" in out
    assert "from 2024-07-01, open-ended, notice 3 months" in out
    assert "Platform and supervision: 1,500.00 EUR a month" in out
    assert "graduated tiers 14.50 EUR up to 200, then 12.00 EUR" in out
    assert "95 % resolution within 16 h of paris business time, 2 credit tiers" in out


def test_main_writes_to_the_given_stream() -> None:
    """Output goes to ``out`` when given, and is the summary of the sample portfolio."""
    out = io.StringIO()
    assert main(["demo"], out=out) == 0
    assert out.getvalue() == portfolio_summary(sample_portfolio())


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    """``--help`` lists each subcommand with its help line and exits with status 0."""
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert command.name in out
        assert command.help in out


@pytest.mark.parametrize("argv", [[], ["no-such-command"]])
def test_usage_errors_exit_with_status_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing or unknown subcommand is a usage error: status 2 and a message on stderr."""
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert "usage: outsourcing" in capsys.readouterr().err


def test_summary_of_a_bare_portfolio() -> None:
    """Missing pricing, KPIs, indexation or client details are said, not printed as blanks."""
    portfolio = Portfolio(
        client=Client("Verdier", "FR", "EUR"),
        providers=sample_portfolio().providers[:1],
        contracts=[
            Contract(
                id="c",
                title="Pilot",
                client="Verdier",
                provider_id="atlas-bpo",
                currency="EUR",
                term=Term(start="2026-01-01", end="2026-06-30"),
                slas=[
                    SLA(
                        id="ack",
                        name="Acknowledged",
                        metric=SLAMetric.FIRST_RESPONSE,
                        objective=90,
                        target=dt.timedelta(seconds=45),
                    )
                ],
            )
        ],
    )
    lines = portfolio_summary(portfolio).splitlines()
    assert lines[:3] == ["Verdier (FR, reports in EUR, steady phase)", "", "Processes (0)"]
    assert "    processes  none listed" in lines
    assert "    fees       none listed" in lines
    assert "    SLAs       Acknowledged: 90 % first response within 45 s" in lines
    assert "    KPIs       none" in lines
    assert "    term       2026-01-01 to 2026-06-30, notice 3 months" in lines
    assert not any("indexation" in line for line in lines)
