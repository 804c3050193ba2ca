"""Money parsing and rounding: one rule (half up to the fen), tested at its edges."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overdue_core.case.money import fmt_money, fmt_pct, from_fen, round_fen, to_fen


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.005", "0.01"),
        ("0.004", "0.00"),
        ("2.675", "2.68"),
        ("1.115", "1.12"),
        ("-0.005", "-0.01"),
        ("8530.985", "8530.99"),
    ],
)
def test_round_fen_is_half_up(value, expected):
    assert round_fen(Decimal(value)) == Decimal(expected)


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_fen_round_trip(fen):
    assert to_fen(from_fen(fen)) == fen


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_to_fen_exact_for_two_places(amount):
    assert from_fen(to_fen(amount)) == amount


def test_formatting():
    assert fmt_money(Decimal("1234567.5")) == "1,234,567.50"
    assert fmt_money(123456, fen=True) == "1,234.56"
    assert fmt_pct(Decimal("0.1358")) == "13.58%"
    assert fmt_pct(None) == "—"
