"""The table answers "how much is certain", "what counts on this date" and "what was not paid" (issue 9)."""

from __future__ import annotations

import re

from conftest import EXAMPLES, company_toml, run

MIXED = company_toml(
    "西宁市",
    [
        ("high_tech", "national", "2024-03-01"),
        ("innovative_sme", "provincial", "2024-04-01"),
        ("gazelle", "provincial", "2024-04-01"),
        ("above_scale", None, "2027-03-01"),
    ],
    [{"type": "tech_transfer", "date": "2024-09-01", "rd_investment": "500万", "tax_paid_3y": "1000万"}],
    district="城北区",
)


def _table(*args):
    result = run(*args, env={"COLUMNS": "160", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_check_table_totals_by_certainty_and_payer(write):
    # The amounts of tests/test_award_model.py::test_a_company_that_mixes_all_four_certainty_classes (西宁 二、3
    # 三是 and 二、4 三是): 确定 30万, 最高 30万, 择优 100万, 争取 10万 = 最高 170万; 省级 110, 市级 45, 县级 15.
    out = _table("check", write(MIXED), "--as-of", "2026-11-22")
    assert "文件: 宁政办〔2023〕32号" in out and "现行" in out
    # The certain money leads (issue 22): 确定 30 first, then 另有 each other class, then the sum of them all.
    footer = out[out.index("确定(仅计窗口内)") :].splitlines()
    assert re.fullmatch(r"确定\(仅计窗口内\) +30", footer[0])
    for line, part in zip(footer[1:4], ("另有 最高 +30", "另有 择优 +100", "另有 争取 +10"), strict=True):
        assert re.fullmatch(part, line), line
    assert footer[4].startswith("合计(含以上各类)") and "最高 170" in footer[4]
    assert "110" in footer[4]  # the 省级 column of the total row
    # 二、1 四是 (升规, awarded the following year): entered 2027-03-01, after the as-of date — projected.
    assert "预期(不计入合计): 1 项" in out and "→ 2028年度评审" in out
    # The provincial 瞪羚 triggers nothing in 西宁, and says so.
    assert "[未触发] 省级瞪羚企业 2024-04-01 (recognitions[2]) — 本市文件没有针对瞪羚企业的措施" in out
    assert "⚖ 解读: per_project" in out  # 二、3 三是 tech transfer depends on the tax-cap reading


def test_an_ended_document_says_what_that_means():
    out = _table("check", str(EXAMPLES / "weifang.toml"), "--as-of", "2026-11-22")
    first = out.splitlines()[1]
    assert first.startswith('文件: 潍坊"五个优化"实施意见') and "不早于2022-08-24" in first
    flat = re.sub(r"\n *", "", out)  # folded at the width, continuation lines indented
    assert (
        "已于 2025-12-31 失效 — 此后的新事件不再适用;有效期内的事件仍按本文件计算,但是否仍受理申报须向主管部门核实。"
        in flat
    )
    assert "有效期待核" in out  # events before 2024-07-18 (the latest possible issue date) are flagged


def test_compare_shows_the_certainty_breakdown(write):
    out = _table("compare", write(MIXED), "--as-of", "2026-11-22")
    xining = out[out.index("西宁市 ★") :].splitlines()
    # 确定 leads (its own column), then 另有 each other class, then the sum of them all
    assert re.match(r"西宁市 ★ +30 +最高 30 +最高 170 ", xining[0]), xining[0]
    for line, part in zip(xining[1:], ("择优 100", "争取 10", "预期 20"), strict=False):
        assert part in line
