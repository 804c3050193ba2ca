"""Court acceptance fees: every slice of the schedule, the procedures, and the command line."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overdue_core.measures.legal.court_fees import Procedure, court_fee, estimate, ordinary_fee, parse_input
from overdue_core.rules import COURT_FEE_SLICES
from tests.helpers import examples
from tests.helpers.cli import run_cli

D = Decimal


@pytest.mark.parametrize(
    ("amount", "fee"),
    [
        # the two checks quoted with the schedule
        ("50000", "1050.00"),
        ("150000", "3300.00"),
        # the flat first slice, and each slice bound worked out by hand (Art. 13)
        ("0.01", "50.00"),
        ("10000", "50.00"),
        ("10000.01", "50.00"),  # 0.01 × 2.5 % = 0.00025 -> rounds to 50.00
        ("10040", "51.00"),
        ("100000", "2300.00"),
        ("200000", "4300.00"),
        ("500000", "8800.00"),
        ("1000000", "13800.00"),
        ("2000000", "22800.00"),
        ("5000000", "46800.00"),
        ("10000000", "81800.00"),
        ("20000000", "141800.00"),
        ("30000000", "191800.00"),
    ],
)
def test_schedule(amount, fee):
    assert court_fee(D(amount)) == D(fee)


def test_procedures_halve_or_take_a_third():
    assert court_fee(D("150000"), Procedure.SIMPLE) == D("1650.00")
    assert court_fee(D("150000"), "mediation") == D("1650.00")
    # one third of 3,300 with the rule's ten-digit factor, rounded half up to the fen
    assert court_fee(D("150000"), "payment-order") == D("1100.00")
    assert court_fee(D("50000"), "payment-order") == D("350.00")


def test_factor_is_an_editable_rule():
    assert court_fee(D("150000"), Procedure.SIMPLE, {"court_fee_simple_factor": D("0.4")}) == D("1320.00")


def test_rounding_half_up_to_the_fen():
    # 10,000.20: 50 + 0.20 × 2.5 % = 50.005 -> 50.01 (half up, not to even)
    assert court_fee(D("10000.20")) == D("50.01")


@pytest.mark.parametrize("bad", [D("0"), D("-1"), D("NaN")])
def test_amount_must_be_positive(bad):
    with pytest.raises(ValueError):
        ordinary_fee(bad)


def test_estimate_adds_the_lawyer_and_compares_with_the_amount():
    result = estimate(D("50000"), "ordinary", D("3000"))
    assert result.court_fee == D("1050.00") and result.total == D("4050.00")
    assert result.share_of_amount == pytest.approx(0.081)
    with pytest.raises(ValueError):
        estimate(D("50000"), "ordinary", D("-1"))


def test_parse_input_names_the_field():
    query, problems = parse_input({"amount": "abc"}, "en")
    assert query is None and problems[0].path == "Amount claimed" and "number" in problems[0].message
    query, problems = parse_input({"amount": "0"}, "zh-CN")
    assert query is None and problems[0].message == "金额要大于 0"
    query, problems = parse_input({"amount": "1,234.5", "procedure": "simple"}, "en")
    assert problems == [] and query.amount == D("1234.50") and query.procedure == Procedure.SIMPLE


amounts = st.decimals(min_value=D("0.01"), max_value=D("50000000"), places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=examples(300), deadline=None)
@given(a=amounts, b=amounts)
def test_fee_is_monotonic(a, b):
    low, high = sorted((a, b))
    for procedure in Procedure:
        assert court_fee(low, procedure) <= court_fee(high, procedure)


@pytest.mark.parametrize("bound", [D("10000")] + [upper for upper, _rate in COURT_FEE_SLICES if upper is not None])
def test_fee_is_continuous_at_every_slice_bound(bound):
    """One fen more than a bound costs at most one fen more: no jump between slices."""
    assert D("0") <= ordinary_fee(bound + D("0.01")) - ordinary_fee(bound) <= D("0.01") * D("0.025")
    assert D("0") <= ordinary_fee(bound) - ordinary_fee(bound - D("0.01")) <= D("0.01") * D("0.025")


@settings(max_examples=examples(200), deadline=None)
@given(a=amounts)
def test_marginal_rate_never_exceeds_the_first_slice(a):
    assert ordinary_fee(a + 1) - ordinary_fee(a) <= D("0.025")


def run(*args):
    return run_cli("court-fee", *args)


def test_cli_prints_the_fee():
    result = run("50000", "--lang", "en")
    assert result.returncode == 0 and "1,050.00" in result.stdout
    result = run("150,000", "--procedure", "ordinary")
    assert result.returncode == 0 and "3,300.00" in result.stdout and "普通程序" in result.stdout
    assert "1,650.00" in run("150000", "--procedure", "simple").stdout


@pytest.mark.parametrize("bad", ["abc", "0", "1e999999", ""])
def test_cli_bad_amount_exits_2_with_a_reason(bad):
    result = run(bad, "--lang", "en")
    assert result.returncode == 2
    assert "Amount" in result.stderr and "Traceback" not in result.stderr + result.stdout


def test_benchmark_court_fee(benchmark):
    assert benchmark(court_fee, D("12345678.90"), Procedure.SIMPLE) > 0
