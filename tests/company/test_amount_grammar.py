"""Amount strings (issue 13, item 5): a comma only as a thousands separator in groups of three digits;
full-width digits, comma and full stop are accepted (README "Amounts"). "0,5亿" was read as 5亿."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zjtx.money import MAX_AMOUNT, AmountError, parse_amount

from conftest import run

UNITS = {"": 1, "万": 10**4, "亿": 10**8, "万亿": 10**12}
FULL = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "，": ",", "．": "."})


def reference(text: str):
    """The README grammar, written out by hand (no regular expression): the value, or None if refused."""
    s = text.strip().translate(FULL)
    i = 0
    while i < len(s) and s[i] in "0123456789,.":
        i += 1
    number, rest = s[:i], s[i:].strip(" ")
    for unit in ("万亿", "万", "亿", ""):
        if rest.startswith(unit):
            tail = rest[len(unit) :].strip(" ")
            if tail in ("", "元"):
                break
    else:
        return None
    whole, dot, frac = number.partition(".")
    if dot and (not frac or not frac.isdigit()):
        return None
    if "," in whole:
        groups = whole.split(",")
        if not (1 <= len(groups[0]) <= 3 and groups[0].isdigit() and groups[0][0] != "0"):
            return None
        if not all(len(g) == 3 and g.isdigit() for g in groups[1:]):
            return None
    elif not whole.isdigit():
        return None
    return Decimal(whole.replace(",", "") + ("." + frac if dot else "")) * UNITS[unit]


@pytest.mark.parametrize(
    "text, value",
    [
        ("1,234,567.89", Decimal("1234567.89")),
        ("5,000,000", 5_000_000),
        ("12,000万", 120_000_000),
        ("3000万元", 30_000_000),
        ("0.5亿", 50_000_000),
        ("1.2亿", 120_000_000),
        ("３０００万", 30_000_000),
        ("１，２３４．５", Decimal("1234.5")),
        ("500 万 元", 5_000_000),
        ("0500万", 5_000_000),
    ],
)
def test_accepted_forms(text, value):
    assert parse_amount(text) == value


@pytest.mark.parametrize(
    "text, hint",
    [
        ("0,5亿", "for a decimal, write 0.5亿"),
        ("1,5万", "for a decimal, write 1.5万"),
        ("1,2,3", ""),
        ("12,34,567", ""),
        (",500", ""),
        ("1,000,", ""),
        ("0,500", ""),
        ("1,0000万", ""),
        ("1 000 000", None),
    ],
)
def test_refused_forms(text, hint):
    with pytest.raises(AmountError) as e:
        parse_amount(text)
    if hint is not None:
        assert "a comma may only separate groups of three digits" in str(e.value) and hint in str(e.value)


@pytest.mark.parametrize("text", ["0,5亿", "1,5万", "1,2,3"])
def test_comma_errors_name_the_field(write, text):
    # Through the CLI: one line naming the field, what is accepted, and never a silent misreading.
    path = write(
        f'[company]\nname = "x"\ncity = "潍坊"\n\n[[projects]]\ntype = "equipment_upgrade"\n'
        f'date = 2024-05-01\nequipment_cost = "{text}"\n'
    )
    result = run("check", path, "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert f"projects[0].equipment_cost: '{text}': a comma may only separate groups of three digits" in result.stderr
    assert '"500万"' in result.stderr  # the accepted forms


def test_grouped_and_full_width_amounts_compute_like_plain_ones(check_json):
    def award(cost):
        doc = check_json(
            f'[company]\nname = "x"\ncity = "潍坊"\n\n[[projects]]\ntype = "equipment_upgrade"\n'
            f'date = 2024-05-01\nequipment_cost = "{cost}"\n',
            "--as-of",
            "2025-01-01",
        )
        return [(a["policy"], a["amount"]) for a in doc["awards"]]

    assert award("30,000,000") == award("3000万") == award("３０００万") == award("３，０００万")


_PIECES = st.sampled_from([*list("0123456789,."), "万", "亿", "元", " ", "０", "５", "，", "．"])


@given(st.lists(_PIECES, min_size=1, max_size=14).map("".join))
def test_parsing_accepts_exactly_the_grammar(text):
    expected = reference(text)
    if expected is not None and expected <= MAX_AMOUNT:
        assert parse_amount(text) == expected
    else:
        with pytest.raises(AmountError):
            parse_amount(text)


digits = st.integers(0, 10**9)


@given(digits, st.one_of(st.none(), st.integers(0, 99)), st.sampled_from(list(UNITS)), st.booleans(), st.booleans())
def test_every_grouped_amount_is_read_exactly(n, cents, unit, yuan, fullwidth):
    text = f"{n:,}" + (f".{cents:02d}" if cents is not None else "") + unit + ("元" if yuan else "")
    if fullwidth:
        text = text.translate(str.maketrans({**{str(i): chr(0xFF10 + i) for i in range(10)}, ",": "，"}))
    value = (Decimal(n) + (Decimal(cents) / 100 if cents is not None else 0)) * UNITS[unit]
    if value <= MAX_AMOUNT:
        assert parse_amount(text) == value


def test_the_plain_forms_read_without_the_pattern_as_the_pattern_reads_them():
    """parse_amount reads "1500万", "1.2亿元", "5000000" without compiling its pattern (issue 23): every text of
    up to five of these characters that the short path reads, the pattern reads to the same Decimal (exponent
    included); the others go to the pattern as before."""
    import itertools
    import re

    from zjtx import money

    read = 0
    for size in range(1, 6):
        for chars in itertools.product("10.万亿元 ,٣-", repeat=size):
            text = "".join(chars)
            plain = money._plain(text)
            if plain is None:
                continue
            m = re.fullmatch(money._AMOUNT_RE, text)
            assert m is not None, text
            unit = m.group(2)
            expected = Decimal(m.group(1).replace(",", "")) * (money._SCALE[unit] if unit else 1)
            assert str(plain) == str(expected), text
            read += 1
    assert read > 100  # "1", "10万", "1.0亿元"… were read by the short path
