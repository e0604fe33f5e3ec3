"""Kubernetes quantities: exact parsing, canonical printing, scaling that never shrinks."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.patching.quantity import (
    BYTE_RESOLUTION,
    CPU_RESOLUTION,
    Family,
    Quantity,
    format_quantity,
    parse_quantity,
    rounding_unit,
    scale,
)

Ki, Mi, Gi = 2**10, 2**20, 2**30


@pytest.mark.parametrize(
    ("text", "value", "family", "canonical"),
    [
        ("512Mi", 512 * Mi, Family.BINARY, "512Mi"),
        ("1Gi", Gi, Family.BINARY, "1Gi"),
        ("1024Mi", Gi, Family.BINARY, "1Gi"),
        ("1.5Gi", 1536 * Mi, Family.BINARY, "1536Mi"),
        ("0.5Ki", 512, Family.BINARY, "512"),
        ("1Ti", 2**40, Family.BINARY, "1Ti"),
        ("3Pi", 3 * 2**50, Family.BINARY, "3Pi"),
        ("2Ei", 2 * 2**60, Family.BINARY, "2Ei"),
        ("1.1Ki", Fraction(11264, 10), Family.BINARY, "1126400m"),  # not whole bytes
        ("500M", 500 * 10**6, Family.DECIMAL, "500M"),
        ("2G", 2 * 10**9, Family.DECIMAL, "2G"),
        ("1000M", 10**9, Family.DECIMAL, "1G"),
        ("1.5k", 1500, Family.DECIMAL, "1500"),
        ("4T", 4 * 10**12, Family.DECIMAL, "4T"),
        ("1E", 10**18, Family.DECIMAL, "1E"),  # exa, not an exponent
        ("100m", Fraction(1, 10), Family.DECIMAL, "100m"),
        ("1500m", Fraction(3, 2), Family.DECIMAL, "1500m"),
        ("1000m", 1, Family.DECIMAL, "1"),
        ("250u", Fraction(1, 4000), Family.DECIMAL, "250u"),
        ("7n", Fraction(7, 10**9), Family.DECIMAL, "7n"),
        ("0.5", Fraction(1, 2), Family.DECIMAL, "500m"),
        (".5", Fraction(1, 2), Family.DECIMAL, "500m"),
        ("2", 2, Family.DECIMAL, "2"),
        ("2.", 2, Family.DECIMAL, "2"),
        ("0", 0, Family.DECIMAL, "0"),
        ("+1Gi", Gi, Family.BINARY, "1Gi"),
        ("128974848", 128974848, Family.DECIMAL, "128974848"),
        ("1e3", 1000, Family.EXPONENT, "1e3"),
        ("1E3", 1000, Family.EXPONENT, "1e3"),
        ("129e6", 129 * 10**6, Family.EXPONENT, "129e6"),
        ("1.5e3", 1500, Family.EXPONENT, "1500"),
        ("12e-3", Fraction(12, 1000), Family.EXPONENT, "12e-3"),
        ("1e-12", Fraction(1, 10**9), Family.EXPONENT, "1e-9"),  # rounded up to 1n
    ],
)
def test_parse_and_format(text: str, value: Fraction | int, family: Family, canonical: str) -> None:
    quantity = parse_quantity(text)
    assert quantity.value == value
    assert quantity.family is family
    assert str(quantity) == format_quantity(quantity) == canonical


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("lots", "not a quantity"),
        ("", "empty"),
        ("-1Gi", "negative"),
        ("-500m", "negative"),
        ("1K", "not a quantity"),  # Kubernetes spells kilo `k`
        ("1GB", "not a quantity"),
        ("1gi", "not a quantity"),
        ("Gi", "not a quantity"),
        ("1e", "not a quantity"),
        (" 1Gi", "not a quantity"),
        ("1Gi ", "not a quantity"),
        ("1.2.3", "not a quantity"),
        ("0x10", "not a quantity"),
        ("1e99", "exponent too large"),
        ("9" * 80, "too long"),
    ],
)
def test_garbage_is_a_clear_value_error(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match="Kubernetes quantity") as raised:
        parse_quantity(text)
    assert reason in str(raised.value)
    assert repr(text[:20]) in str(raised.value)


@pytest.mark.parametrize(
    ("text", "factor", "resolution", "expected"),
    [
        ("512Mi", 2, BYTE_RESOLUTION, "1Gi"),
        ("256Mi", 2, BYTE_RESOLUTION, "512Mi"),
        ("1Gi", 1.5, BYTE_RESOLUTION, "1536Mi"),
        ("512Mi", 1.1, BYTE_RESOLUTION, "564Mi"),  # 563.2Mi rounded up to a whole Mi
        ("1Gi", 1.1, BYTE_RESOLUTION, "1127Mi"),
        ("10Gi", 1.5, BYTE_RESOLUTION, "15Gi"),
        ("500M", 1.5, BYTE_RESOLUTION, "750M"),
        ("2G", 1.1, BYTE_RESOLUTION, "2200M"),
        ("129e6", 2, BYTE_RESOLUTION, "258e6"),
        ("129e6", 1.1, BYTE_RESOLUTION, "142e6"),
        ("128974848", 2, BYTE_RESOLUTION, "257949696"),
        ("500m", 1.5, CPU_RESOLUTION, "750m"),
        ("1", 1.5, CPU_RESOLUTION, "1500m"),
        ("2", 1.5, CPU_RESOLUTION, "3"),
        ("0.5", 1.5, CPU_RESOLUTION, "750m"),
        ("100m", 1.337, CPU_RESOLUTION, "134m"),  # never finer than a millicore
        ("5m", 1.5, CPU_RESOLUTION, "8m"),
        ("1000m", 1.5, CPU_RESOLUTION, "1500m"),
        ("1Gi", 1, BYTE_RESOLUTION, "1Gi"),
        ("0", 2, CPU_RESOLUTION, "0"),
    ],
)
def test_scale_rounds_up_to_a_whole_unit(
    text: str, factor: float, resolution: Fraction, expected: str
) -> None:
    assert str(scale(parse_quantity(text), factor, resolution=resolution)) == expected


def test_scale_reads_a_float_factor_as_its_decimal() -> None:
    # Fraction(1.1) is 1.100000000000000088…; read exactly, 10 × 1.1 would round up to 12.
    assert str(scale(parse_quantity("10"), 1.1, resolution=Fraction(1))) == "11"
    assert scale(parse_quantity("10"), Decimal("1.1"), resolution=Fraction(1)).value == 11
    assert scale(parse_quantity("10"), Fraction(3, 2), resolution=Fraction(1)).value == 15


@pytest.mark.parametrize("factor", [-1.0, float("inf"), float("nan")])
def test_scale_refuses_impossible_factors(factor: float) -> None:
    with pytest.raises(ValueError, match=r"cannot scale a quantity"):
        scale(parse_quantity("1Gi"), factor, resolution=BYTE_RESOLUTION)


@pytest.mark.parametrize(
    ("text", "resolution", "unit"),
    [
        ("512Mi", BYTE_RESOLUTION, Mi),
        ("1Gi", BYTE_RESOLUTION, Mi),  # 1 Gi is too coarse to round to
        ("100Gi", BYTE_RESOLUTION, Gi),
        ("1", CPU_RESOLUTION, Fraction(1, 1000)),
        ("250m", CPU_RESOLUTION, Fraction(1, 1000)),
        ("2G", BYTE_RESOLUTION, 10**6),
        ("1Ki", BYTE_RESOLUTION, 1),
    ],
)
def test_rounding_unit(text: str, resolution: Fraction, unit: Fraction | int) -> None:
    assert rounding_unit(parse_quantity(text), resolution) == unit


def test_comparisons_look_at_the_amount_not_the_notation() -> None:
    assert parse_quantity("1Gi") == parse_quantity("1073741824") == parse_quantity("1024Mi")
    assert hash(parse_quantity("1Gi")) == hash(parse_quantity("1073741824"))
    assert parse_quantity("1G") < parse_quantity("1Gi") <= parse_quantity("1Gi")
    assert parse_quantity("100m") < parse_quantity("1") < parse_quantity("1500m")
    assert parse_quantity("16Gi") > parse_quantity("15999Mi")
    assert parse_quantity("1e3") == parse_quantity("1k")
    assert parse_quantity("1Gi") != "1Gi"
    texts = ["2", "500m", "1.5", "100m", "1"]
    assert [str(q) for q in sorted(map(parse_quantity, texts))] == [
        "100m",
        "500m",
        "1",
        "1500m",
        "2",
    ]


# --------------------------------------------------------------------------------- properties

_SUFFIXES = ["", "Ki", "Mi", "Gi", "Ti", "n", "u", "m", "k", "M", "G", "T", "e3", "e6", "e-3"]


@st.composite
def quantity_texts(draw: st.DrawFn) -> str:
    whole = draw(st.integers(min_value=0, max_value=10**7))
    fraction = draw(st.one_of(st.just(""), st.from_regex(r"\.[0-9]{1,3}", fullmatch=True)))
    return f"{whole}{fraction}{draw(st.sampled_from(_SUFFIXES))}"


@st.composite
def quantities(draw: st.DrawFn) -> Quantity:
    return parse_quantity(draw(quantity_texts()))


@given(quantity_texts())
def test_parse_format_round_trips(text: str) -> None:
    quantity = parse_quantity(text)
    canonical = format_quantity(quantity)
    again = parse_quantity(canonical)
    assert again.value == quantity.value
    assert format_quantity(again) == canonical  # canonical text is a fixed point


@given(quantities())
def test_a_format_keeps_the_family_when_it_can(quantity: Quantity) -> None:
    text = str(quantity)
    if quantity.family is Family.BINARY and quantity.value.denominator == 1:
        assert re.fullmatch(r"[0-9]+(?:[KMGTPE]i)?", text)  # below 1Ki: plain bytes
    elif quantity.family is Family.EXPONENT:
        assert re.fullmatch(r"[0-9]+(?:e-?[0-9]+)?", text)  # e0 prints bare
    else:
        assert re.fullmatch(r"[0-9]+[numkMGTPE]?", text)


@given(
    quantities(),
    st.one_of(
        st.fractions(min_value=1, max_value=10, max_denominator=1000),
        st.floats(min_value=1, max_value=10, allow_nan=False, allow_infinity=False),
    ),
    st.sampled_from([BYTE_RESOLUTION, CPU_RESOLUTION]),
)
def test_growing_never_shrinks_and_lands_on_a_whole_unit(
    quantity: Quantity, factor: Fraction | float, resolution: Fraction
) -> None:
    exact = quantity.value * Fraction(repr(factor) if isinstance(factor, float) else factor)
    grown = scale(quantity, factor, resolution=resolution)
    unit = rounding_unit(quantity, resolution)
    assert grown >= quantity
    assert grown.value >= exact
    assert grown.value - exact < unit
    assert grown.value % unit == 0
    assert unit >= resolution or quantity.family is Family.BINARY
    assert parse_quantity(str(grown)) == grown


@given(quantities(), st.sampled_from([BYTE_RESOLUTION, CPU_RESOLUTION]))
def test_a_factor_of_one_keeps_whole_quantities(quantity: Quantity, resolution: Fraction) -> None:
    grown = scale(quantity, 1, resolution=resolution)
    if quantity.value % rounding_unit(quantity, resolution) == 0:
        assert grown == quantity
    else:  # finer than the resolution (or than a byte, for binary): rounded up, never down
        assert quantity < grown
    if quantity.family is not Family.BINARY and (quantity.value / resolution).denominator == 1:
        assert grown == quantity


@given(quantities(), quantities(), quantities())
def test_comparisons_are_consistent(a: Quantity, b: Quantity, c: Quantity) -> None:
    assert (a < b) == (a.value < b.value)
    assert (a == b) == (a.value == b.value)
    assert (a == b) <= (hash(a) == hash(b))
    assert [a < b, a == b, a > b].count(True) == 1
    if a <= b <= c:
        assert a <= c
    # Printing and parsing again keeps the order.
    assert (parse_quantity(str(a)) < parse_quantity(str(b))) == (a < b)
