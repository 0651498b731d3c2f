"""Small bar charts as inline SVG (no script, no external resource): stacked horizontal bars with a
legend, for the HTML report. Every label is escaped by the caller's ``esc``."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from zjtx import money, vocab

WIDTH, LABEL, BAR, GAP = 640, 120, 22, 14


def _bar(
    y: int, label: str, parts: list[tuple[str, Decimal, str]], scale: Decimal, esc: Callable[[str], str], note: str = ""
) -> list[str]:
    """One stacked bar at height ``y``: (name, amount, colour) parts, ``scale`` = the amount of the full width."""
    out = [f'<text x="0" y="{y + 16}" class="lbl">{esc(label)}</text>']
    x = Decimal(LABEL)
    span = Decimal(WIDTH - LABEL - 90)
    for name, amount, colour in parts:
        if amount <= 0 or scale <= 0:
            continue
        w = (amount / scale * span).quantize(Decimal("0.1"))
        out.append(
            f'<rect x="{x}" y="{y}" width="{max(w, Decimal("0.5"))}" height="{BAR}" fill="{colour}">'
            f"<title>{esc(name)} {esc(money.fmt_wan(amount))} 万元</title></rect>"
        )
        x += w
    total = sum((a for _, a, _ in parts), Decimal(0))
    out.append(f'<text x="{x + 6}" y="{y + 16}" class="val">{esc(money.fmt_wan(total))}{esc(note)}</text>')
    return out


def _legend(y: int, items: list[tuple[str, str]], esc: Callable[[str], str]) -> list[str]:
    out, x = [], LABEL
    for name, colour in items:
        out.append(
            f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="{y + 11}" class="leg">{esc(name)}</text>'
        )
        x += 16 + 14 * len(name) + 18
    return out


def _svg(body: list[str], height: int, title: str, esc: Callable[[str], str]) -> str:
    return (
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{esc(title)}</title>' + "".join(body) + "</svg>"
    )


def split_chart(by_certainty: dict[str, Decimal], by_level: dict[str, Decimal], esc: Callable[[str], str]) -> str:
    """Two bars of the same total: split by certainty, and by payer level (万元)."""
    total = sum(by_certainty.values(), Decimal(0))
    body = _bar(
        0,
        "按确定性",
        [(vocab.CERTAINTY[c].cn, by_certainty[c], vocab.CERTAINTY[c].html) for c in vocab.CERTAINTIES],
        total,
        esc,
        " 万元",
    )
    body += _legend(BAR + 6, [(vocab.CERTAINTY[c].cn, vocab.CERTAINTY[c].html) for c in vocab.CERTAINTIES], esc)
    y = 2 * BAR + GAP + 6
    body += _bar(
        y,
        "按出资层级",
        [(vocab.PAYER_CN[lv], by_level[lv], vocab.PAYER[lv].html) for lv in vocab.PAYER_LEVELS],
        total,
        esc,
        " 万元",
    )
    body += _legend(y + BAR + 6, [(vocab.PAYER_CN[lv], vocab.PAYER[lv].html) for lv in vocab.PAYER_LEVELS], esc)
    return _svg(body, y + 2 * BAR + 8, "合计按确定性与出资层级拆分(万元)", esc)


def city_chart(rows: list[tuple[str, dict[str, Decimal]]], esc: Callable[[str], str]) -> str:
    """A bar per city, stacked by certainty, on one scale (万元)."""
    scale = max((sum(v.values(), Decimal(0)) for _, v in rows), default=Decimal(0))
    body: list[str] = []
    y = 0
    for label, by_certainty in rows:
        body += _bar(
            y,
            label,
            [(vocab.CERTAINTY[c].cn, by_certainty[c], vocab.CERTAINTY[c].html) for c in vocab.CERTAINTIES],
            scale,
            esc,
        )
        y += BAR + 8
    body += _legend(y + 4, [(vocab.CERTAINTY[c].cn, vocab.CERTAINTY[c].html) for c in vocab.CERTAINTIES], esc)
    return _svg(body, y + 24, "各城市合计(万元),按确定性拆分", esc)
