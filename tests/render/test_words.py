"""One owner for the words (zjtx.vocab): statuses, certainty classes, document states and payers each have
one Chinese word, and no English id reaches a sheet of a workbook."""

from __future__ import annotations

import io

import openpyxl

from zjtx import vocab

from conftest import company_toml, run

IDS = set(vocab.STATUS) | set(vocab.CERTAINTY) | set(vocab.DOCUMENT_STATUS) | set(vocab.PAYER)


def _cells(data: bytes) -> dict[str, list[str]]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return {ws.title: [str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None] for ws in book}


def test_every_status_has_a_chinese_word_and_a_note():
    # The statuses of the README's "What the numbers mean": the window's three, projected, superseded, and
    # stacked (就高不重复, issue 20).
    assert set(vocab.STATUS) == {"eligible", "expired", "not_yet_in_force", "projected", "superseded", "stacked"}
    for word in [*vocab.STATUS.values(), *vocab.CERTAINTY.values(), *vocab.DOCUMENT_STATUS.values()]:
        assert word.cn and word.note and not word.cn.isascii(), word


SUCCESSOR = """\
id: weifang-successor-words
city: "370700"
title: 潍坊测试后续文件
issuer: 测试机关
window: {from: 2025-07-01, to: 2027-12-31}
supersedes: [weifang-five-optimizations]
measures:
  - id: successor.little_giant
    title: 新认定国家级专精特新"小巨人"企业奖励
    trigger: {title: little_giant, level: national}
    rule: {amount: 100万}
    funding: municipal
    clause: 一
    quote: 对新认定的国家级专精特新"小巨人"企业给予100万元奖励。
"""


def test_no_english_status_word_in_any_sheet(tmp_path):
    # The successor supersedes 潍坊's document from 2025-07-01: a 小巨人 of 2025-09-01 (inside both windows) is
    # paid by the successor only, and the old document's award is listed under 未计入 as 已被取代 (superseded).
    # Also: a 2019 title (before the old document's window: not yet in force), a title of 2026-03-01 (after the
    # old document ended: expired) and one after the as-of date (projected).
    data = tmp_path / "policies"
    data.mkdir()
    (data / "doc.yaml").write_text(SUCCESSOR, encoding="utf-8")
    path = tmp_path / "c.toml"
    path.write_text(
        company_toml(
            "潍坊市",
            [
                ("little_giant", "national", "2025-09-01"),
                ("zjtx_sme", "provincial", "2019-05-01"),
                ("single_champion", "national", "2026-03-01"),
                ("single_champion_product", "national", "2026-11-01"),
            ],
        ),
        encoding="utf-8",
    )
    out = tmp_path / "r.xlsx"
    result = run("check", str(path), "--data", str(data), "--as-of", "2026-06-30", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    sheets = _cells(out.read_bytes())
    english = {name: sorted(set(cells) & IDS) for name, cells in sheets.items()}
    assert all(not found for found in english.values()), english
    not_counted = sheets["未计入"]
    assert "已被取代" in not_counted and vocab.STATUS["superseded"].note in not_counted
