"""An award's money shared out exactly, to the fen: among its payers, and over the years it is expected."""

from __future__ import annotations

from decimal import Decimal

from zjtx import money
from zjtx.policy.model import Funding


def split(amount: Decimal | None, funding: Funding) -> tuple[tuple[str, Decimal | None], ...]:
    """(payer level, part) for each payer of ``funding``, the parts adding up to ``amount`` exactly."""
    if len(funding.shares) == 1:
        return ((funding.shares[0][0], amount),)
    levels = [lv for lv, _ in funding.shares]
    if amount is None:
        return tuple((lv, None) for lv in levels)
    parts = money.split(amount, [s for _, s in funding.shares])
    return tuple(zip(levels, parts, strict=True))


def rebased(by_year: tuple[tuple[int, Decimal], ...], amount: Decimal) -> tuple[tuple[int, Decimal], ...]:
    """An award's money by year when its amount becomes ``amount`` (就高 pays what it adds): shared out as before,
    to the fen, adding up exactly."""
    if len(by_year) < 2 or not any(part for _, part in by_year):
        return ((by_year[0][0], amount),) if by_year else ()
    from fractions import Fraction

    total = sum((part for _, part in by_year), Decimal(0))
    parts = money.split(amount, [Fraction(part) / Fraction(total) for _, part in by_year])
    return tuple((y, part) for (y, _), part in zip(by_year, parts, strict=True))
