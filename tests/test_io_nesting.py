"""The nesting guard measures depth on the text, skipping strings, comments and block scalars."""

from __future__ import annotations

import pytest

from outsourcing import DocumentError, Portfolio, dumps, loads
from outsourcing.io.nesting import MAX_NESTING, nesting_problem
from outsourcing.io.positions import path_segments
from outsourcing.samples import sample_portfolio, sample_text


@pytest.mark.parametrize("fmt", ["toml", "yaml", "json"])
def test_the_sample_is_far_from_the_limit(fmt: str) -> None:
    """The sample portfolio, in every format, passes the guard."""
    text = sample_text() if fmt == "toml" else dumps(sample_portfolio(), fmt)  # type: ignore[arg-type]
    assert nesting_problem(text, fmt) is None


def test_exactly_the_limit_passes_and_one_more_is_refused() -> None:
    """100 levels of arrays pass; 101 are refused at the 101st bracket."""
    deepest = MAX_NESTING
    assert nesting_problem("a = " + "[" * deepest + "]" * deepest, "toml") is None
    assert nesting_problem("a = " + "[" * (deepest + 1) + "]" * (deepest + 1), "toml") == (
        "line 1, column 105: nested more than 100 levels deep"
    )


def test_brackets_in_strings_and_comments_do_not_count() -> None:
    """Brackets inside TOML strings (all four kinds) and comments are text, not nesting."""
    many = "[" * 500
    text = (
        f'a = "{many}"\nb = \'{many}\'\nc = """\n{many}\n"""\n'
        f"d = '''{many}'''\n# {many}\n[table]\ne = 1\n"
    )
    assert nesting_problem(text, "toml") is None


def test_toml_strings_cannot_hide_real_nesting() -> None:
    """Closing brackets inside strings do not cancel the real arrays around them."""
    text = "a = " + '[ "]", ' * 150 + "1" + "]" * 150
    assert nesting_problem(text, "toml") is not None


def test_yaml_block_scalars_and_quotes_are_text() -> None:
    """A literal block and quoted brackets do not count as nesting in YAML."""
    block = "\n".join(" " * (2 + i) + "x" for i in range(200))
    text = f"a: |\n{block}\nb: '{'[' * 300}'\nc: \"{'{' * 300}\"\n"
    assert nesting_problem(text, "yaml") is None


@pytest.mark.parametrize(
    "text",
    [
        "- " * 150 + "x",
        "".join(" " * i + f"k{i}:\n" for i in range(150)) + " " * 150 + "v",
        "a: " + "[" * 60 + "{b: " * 60,
    ],
    ids=["entries", "indentation", "flow-and-block"],
)
def test_yaml_block_and_flow_levels_add_up(text: str) -> None:
    """Sequence entries, indentation and flow collections all count as levels."""
    problem = nesting_problem(text, "yaml")
    assert problem is not None
    assert problem.endswith("nested more than 100 levels deep")


def test_deep_yaml_is_refused_before_the_c_loader_sees_it() -> None:
    """YAML nested 100,000 deep is a located DocumentError (libyaml never composes it)."""
    with pytest.raises(DocumentError, match=r"line 1, column 101: nested more than 100"):
        loads("[" * 100_000 + "]" * 100_000, Portfolio, "yaml")


def test_deep_json_failure_is_located() -> None:
    """JSON too deep for Python's reader is reported with where it got too deep."""
    with pytest.raises(DocumentError, match=r"line 1, column 101: nested more than 100"):
        loads("[" * 100_000 + "]" * 100_000, Portfolio, "json")


def test_paths_are_read_back_into_segments() -> None:
    """Dotted names, indices and quoted keys of a JSON path become its segments."""
    assert path_segments("$.contracts[0].slas[12]['a b'].x") == (
        "contracts",
        0,
        "slas",
        12,
        "a b",
        "x",
    )
    assert path_segments("$") == ()
