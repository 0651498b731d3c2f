"""What a consultant hands the client (issue 22): the certain money first everywhere a total is shown, the
estimate class, money by year, every reading with what the other option gives, the disclaimer and who
prepared it, compare's warnings, and the small things (numbers that never break, 2-decimal 万元, the
projected note, suggestions close in meaning). Amounts are worked out by hand from the clauses quoted."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal
from html.parser import HTMLParser

import openpyxl
import pytest

from zjtx import lexicon, vocab
from zjtx.awards.engine import evaluate
from zjtx.company.file import load_company
from zjtx.io.env import Environment
from zjtx.policy.files import load_catalog
from zjtx.record import replace

from conftest import EXAMPLES, company_toml, run, yuan

WAN = Decimal(10000)

# 黄冈《新一轮技术改造三年行动方案》四(二): "技术改造项目投产后地方新增财力连续3年全额返还" — 100% of the new local
# revenue the company forecasts for each of up to three years: 120万 + 150万 + 180万 = 450万, all of it 估算.
HUANGGANG = company_toml(
    "黄冈",
    projects=[{"type": "tech_renovation", "date": "2022-06-30", "new_local_revenue": ["120万", "150万", "180万"]}],
    district="麻城市",
)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.big: list[str] = []
        self._big = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._big = ("class", "big") in attrs

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        if self._big:
            self.big.append(data)
            self._big = False


def _html(text: str) -> _Text:
    page = _Text()
    page.feed(text)
    return page


def _rows(ws) -> list[dict]:
    head = [c.value for c in ws[1]]
    return [dict(zip(head, row, strict=True)) for row in ws.iter_rows(min_row=2, values_only=True) if any(row)]


# ------------------------------------------------------------------------------------------ 2. estimate


def test_a_return_of_forecast_revenue_is_an_estimate(check_json, write):
    doc = check_json(HUANGGANG, "--as-of", "2025-06-30")
    award = next(a for a in doc["awards"] if a["policy"] == "huanggang.new_revenue_return")
    assert yuan(award["amount"]) == 4_500_000 and award["certainty"] == "estimate"
    t = doc["totals"]
    assert {k: yuan(v) for k, v in t["by_certainty"].items()} == {
        "fixed": 0,
        "ceiling": 0,
        "selective": 0,
        "contingent": 0,
        "estimate": 4_500_000,
    }
    assert sum(yuan(v) for v in t["by_certainty"].values()) == yuan(t["amount"])
    assert any("以财政核定为准" in s for s in award["steps"])
    out = run("check", write(HUANGGANG), "--as-of", "2025-06-30", env={"COLUMNS": "120"}).stdout
    assert "估算: 基数为企业预测数,以财政核定为准" in out and re.search(r"另有 估算 +450", out)
    assert re.search(r"确定\(仅计窗口内\) +0\n", out)  # nothing of it is certain


FORECAST_POLICY = """\
id: test-forecast
city: "421100"
title: 测试技改投产返还
issuer: 测试机关
window: {from: 2021-01-01, to: 2030-12-31}
supersedes: [huanggang-tech-renovation-2021-2023]
measures:
  - id: test.half_return
    title: 投产后新增财力返还50%(单个项目最高100万元)
    trigger: {project: tech_renovation}
    rule: {rate: 50%, of: new_local_revenue, cap: 100万, per: project}
    funding: county
    clause: 第一条
    quote: 对技术改造项目投产后地方新增财力,按50%返还,单个项目最高100万元。
"""


def test_the_estimate_comes_from_the_forecast_field_not_from_a_measure_id(write, tmp_path):
    # A measure of another id on the same forecast field is an estimate too, and its money by year is shared out
    # by the yearly bases: 50% × (100万 + 200万 + 100万) = 200万 > 100万 cap → 100万, split 1:2:1 over the years
    # 2024, 2025, 2026 (the first year being the year of 投产): 25万, 50万, 25万.
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "t.yaml").write_text(FORECAST_POLICY, encoding="utf-8")
    toml = company_toml(
        "黄冈",
        projects=[{"type": "tech_renovation", "date": "2024-05-01", "new_local_revenue": ["100万", "200万", "100万"]}],
        district="麻城市",
    )
    result = run("check", write(toml), "--json", "--data", str(tmp_path / "p"), "--as-of", "2025-06-30")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    award = next(a for a in doc["awards"] if a["policy"] == "test.half_return")
    assert yuan(award["amount"]) == 1_000_000 and award["certainty"] == "estimate"
    assert {k: yuan(v) for k, v in award["by_year"].items()} == {"2024": 250_000, "2025": 500_000, "2026": 250_000}
    assert {k: yuan(v) for k, v in doc["totals"]["by_year"].items()} == {
        "2024": 250_000,
        "2025": 500_000,
        "2026": 250_000,
    }


def test_without_the_forecast_flag_the_same_award_is_fixed():
    # The class follows the vocabulary's flag on the field: take the flag away and 黄冈's return is 确定.
    catalog = load_catalog()
    _, company = load_company(str(EXAMPLES / "huanggang.toml"))
    ptype = vocab.PROJECT_TYPES["tech_renovation"]
    base = lexicon.current()
    unflagged = replace(ptype, forecast=())
    lexicon.install(lexicon.Lexicon(base.titles, base.projects | {ptype.id: unflagged}, base.field_cn, base.ambiguous))
    try:
        report = evaluate(company, catalog.documents, as_of=dt.date(2025, 6, 30))
        award = next(a for a in report.awards if a.measure.id == "huanggang.new_revenue_return")
        assert award.certainty == "fixed"
    finally:
        lexicon.install(base)


# --------------------------------------------------------------------------------------- 3. money by year


def test_money_by_year_sums_to_the_total(check_json, write, tmp_path):
    # 黄冈: 第1—3年 = 2022, 2023, 2024 (投产 2022-06-30): 120万, 150万, 180万.
    doc = check_json(HUANGGANG, "--as-of", "2025-06-30")
    by_year = {k: yuan(v) for k, v in doc["totals"]["by_year"].items()}
    assert by_year == {"2022": 1_200_000, "2023": 1_500_000, "2024": 1_800_000}
    assert sum(by_year.values()) == yuan(doc["totals"]["amount"])
    # 西宁 宁政办〔2023〕32号 二、1 四是: "上年度培育新增的规上工业企业…争取省级按每户不高于20万元一次性奖励": a
    # 2025-03-31 升规 is awarded in the 2026 round (20万, counted once the round begins); 二、3 三是 高新技术企业
    # 2023-11-20: 10万 (争取省级) + 30万 (市县) in 2023.
    xining = company_toml("西宁", [("above_scale", None, "2025-03-31"), ("high_tech", "national", "2023-11-20")])
    doc = check_json(xining, "--as-of", "2026-06-30")
    assert {k: yuan(v) for k, v in doc["totals"]["by_year"].items()} == {"2023": 400_000, "2026": 200_000}
    assert sum(yuan(v) for v in doc["totals"]["by_year"].values()) == yuan(doc["totals"]["amount"]) == 600_000
    # shown in the terminal table, the HTML and the workbook
    path = write(HUANGGANG)
    table = run("check", path, "--as-of", "2025-06-30", env={"COLUMNS": "120"}).stdout
    assert "按年度(计入合计的金额按预计到账年度, 万元): 2022年 120 · 2023年 150 · 2024年 180" in table
    page = run("check", path, "--as-of", "2025-06-30", "-f", "html").stdout
    assert re.search(r"按年度\(万元\)</th></tr><tr><td>2022年</td><td class=\"num\">120</td>", page)
    out = tmp_path / "r.xlsx"
    assert run("check", path, "--as-of", "2025-06-30", "-o", str(out)).exit_code == 0
    book = openpyxl.load_workbook(out)
    years = [(r["年度"], r["金额(万元)"]) for r in _rows(book["按年度"])]
    assert years == [(2022, 120), (2023, 150), (2024, 180)]
    cells = {r[0].value: r[1].value for r in book["汇总"].iter_rows(min_col=1, max_col=2) if r[0].value}
    assert (cells["  2022年"], cells["  2023年"], cells["  2024年"]) == (120, 150, 180)


# ------------------------------------------------------------------------------------------- 1. headline

# 西宁 二、3 三是 高新技术企业: 10万 争取 + 30万 确定; 二、4 三是 省级专精特新中小企业: 不高于50万 + 不高于20万 (最高 70万);
# 二、3 三是 技术转移转化 1500万 × 20% = 300万 > 三年缴税 260万 > 200万 → 200万 择优. 确定 30万 of 最高 310万.
XINING = company_toml(
    "西宁",
    [("high_tech", "national", "2023-11-20"), ("zjtx_sme", "provincial", "2024-06-01")],
    [{"type": "tech_transfer", "date": "2024-09-01", "rd_investment": "1500万", "tax_paid_3y": "260万"}],
    district="城北区",
)


def test_the_html_headline_is_the_certain_money(write):
    page = _html(run("check", write(XINING), "--as-of", "2025-06-30", "-f", "html").stdout)
    assert page.big == ["30 "]  # 确定 30 万元 — never the 310 a client would read as a promise
    text = "".join(page.parts)
    assert "确定(仅计窗口内)30 万元另有 最高 70、择优 200、争取 10 万元" in text
    assert "各类合计 最高 310 万元" in text


def test_compare_leads_with_the_certain_money_and_warns(write):
    # The 黄冈 example's 2023-03-01 equipment upgrade of 2500万 in 潍坊 (二(一)1 "按照不高于设备购置款的10%给予
    # 补贴,单个项目补贴不超过500万元"): 最高 250万, all of it 有效期待核 (the document's issue date is known only
    # as not after 2024-07-18); 潍坊's document ended on 2025-12-31, 西宁's is in force.
    path = str(EXAMPLES / "huanggang.toml")
    out = run("compare", path, "--as-of", "2026-11-22", env={"COLUMNS": "160", "NO_COLOR": "1"}).stdout
    weifang = next(line for line in out.splitlines() if line.startswith("潍坊市"))
    assert re.match(r"潍坊市 +0 +最高 250 +最高 250 +250 +已失效 ", weifang), weifang
    assert re.match(r"西宁市 +0 .*现行", next(line for line in out.splitlines() if line.startswith("西宁市")))
    doc = json.loads(run("compare", path, "--as-of", "2026-11-22", "--json").stdout)
    city = next(c for c in doc["cities"] if c["code"] == "370700")
    assert yuan(city["totals"]["window_uncertain"]) == 2_500_000 and city["in_force"] is False
    assert [d["status"] for d in city["documents"]] == ["expired"]
    page = _html(run("compare", path, "--as-of", "2026-11-22", "-f", "html").stdout)
    text = "".join(page.parts)
    assert "技术改造新增设备补贴 最高 250" in out and "技术改造新增设备补贴 最高 250" in text  # the same largest award
    assert "待核" in text and "已失效" in text and "现行" in text


# ---------------------------------------------------------------------------- 4. readings, disclaimer, who

# 宁政办〔2023〕32号 二、3 三是 (reading xining.tax_cap_scope): "给予不高于企业三年累计缴税总额". Two projects in three
# years, each with 260万 of tax: the first, 1500万 × 20% = 300万 → 200万 (the 200万 cap); the second, 500万 × 20% =
# 100万. Each capped on its own (per_project, the data's reading): 100万; one cap shared over three years
# (shared_3y): 260万 − 200万 already granted = 60万.
TWO_TRANSFERS = company_toml(
    "西宁",
    projects=[
        {"type": "tech_transfer", "date": "2024-01-10", "rd_investment": "1500万", "tax_paid_3y": "260万"},
        {"type": "tech_transfer", "date": "2024-09-01", "rd_investment": "500万", "tax_paid_3y": "260万"},
    ],
)


def test_every_deliverable_says_what_the_other_reading_gives(write, tmp_path):
    path = write(TWO_TRANSFERS)
    args = ("check", path, "--as-of", "2025-06-30")
    table = re.sub(r"\s+", "", run(*args, env={"COLUMNS": "100", "NO_COLOR": "1"}).stdout)  # folded lines joined
    assert "采用per_project" in table and "另一解读shared_3y" in table and ":60万元—--reading" in table
    rows = list(csv.DictReader(io.StringIO(run(*args, "-f", "csv").stdout)))
    second = next(r for r in rows if r["trigger_date"] == "2024-09-01")
    assert second["amount"] == "1000000.00" and "另一解读 shared_3y" in second["reading_note"]
    assert second["reading_note"].endswith("60 万元 — --reading xining.tax_cap_scope=shared_3y")
    page = "".join(_html(run(*args, "-f", "html").stdout).parts)
    assert "解读" in page and "问题: 二、3 三是" in page and "60 万元" in page
    out = tmp_path / "r.xlsx"
    assert run(*args, "-o", str(out)).exit_code == 0
    readings = _rows(openpyxl.load_workbook(out)["解读"])
    assert [r["金额(万元)"] for r in readings] == [200, 100]
    assert "200 万元" in readings[0]["其他解读及其金额"] and "60 万元" in readings[1]["其他解读及其金额"]
    # chosen the other way, the deliverables say so, and what the data's reading would give
    chosen = run(*args, "--reading", "xining.tax_cap_scope=shared_3y", "-f", "csv").stdout
    second = next(r for r in csv.DictReader(io.StringIO(chosen)) if r["trigger_date"] == "2024-09-01")
    assert second["amount"] == "600000.00" and "非默认" in second["reading_note"]
    assert second["reading_note"].endswith("100 万元 — --reading xining.tax_cap_scope=per_project")


def test_the_disclaimer_and_who_prepared_it(write, tmp_path):
    path = write(XINING)
    who = "李四 咨询 139-0000-0000"
    page = run("check", path, "--as-of", "2025-06-30", "-f", "html", "--prepared-by", who).stdout
    assert f"编制: {who}" in page and "以主管部门审核、财政核定为准" in page and "并非承诺" in page
    out = tmp_path / "r.xlsx"
    result = run("check", path, "--as-of", "2025-06-30", "-o", str(out), env={"ZJTX_PREPARED_BY": who})
    assert result.exit_code == 0, result.stderr
    summary = openpyxl.load_workbook(out)["汇总"]
    cells = {r[0].value: r[1].value for r in summary.iter_rows(min_col=1, max_col=2) if r[0].value}
    assert cells["编制"] == who
    assert any("以主管部门审核、财政核定为准" in str(c.value) for row in summary.iter_rows() for c in row)
    compare = run("compare", path, "--as-of", "2025-06-30", "-f", "html", env={"ZJTX_PREPARED_BY": who}).stdout
    assert f"编制: {who}" in compare and "以主管部门审核、财政核定为准" in compare
    out = tmp_path / "p.xlsx"
    assert run("plan", path, "--as-of", "2025-06-30", "-o", str(out), "--prepared-by", who).exit_code == 0
    cells = {r[0].value: r[1].value for r in openpyxl.load_workbook(out)["汇总"].iter_rows(max_col=2) if r[0].value}
    assert cells["编制"] == who
    # --prepared-by wins over the environment; a line break or a letter is refused (exit 2)
    page = run("check", path, "-f", "html", "--prepared-by", "王五", env={"ZJTX_PREPARED_BY": who}).stdout
    assert "编制: 王五" in page and who not in page
    assert run("check", path, "-f", "html", "--prepared-by", "x" * 201).exit_code == 2
    bad = run("check", path, "-f", "html", env={"ZJTX_PREPARED_BY": "a\nb"})
    assert bad.exit_code == 2 and "ZJTX_PREPARED_BY" in bad.stderr and bad.stdout == ""


def test_prepared_by_is_escaped_in_the_html(write):
    page = run("check", write(XINING), "-f", "html", "--prepared-by", '<script>alert("x")</script>').stdout
    assert "<script>" not in page and "&lt;script&gt;" in page


# ------------------------------------------------------------------------------------------ 5. the workbook


def test_the_printed_workbook(write, tmp_path):
    out = tmp_path / "r.xlsx"
    assert run("check", write(XINING), "--as-of", "2025-06-30", "-o", str(out)).exit_code == 0
    book = openpyxl.load_workbook(out)
    awards = book["奖励明细"]
    head = [c.value for c in awards[1]]
    printed = head[: openpyxl.utils.column_index_from_string(awards.print_area.split(":")[1].split("$")[1])]
    assert printed[-2:] == ["依据", "原文"] and "确定性" in printed and "金额(万元)" in printed
    assert "计算过程" not in printed
    col = {name: i + 1 for i, name in enumerate(head)}
    for r in range(2, awards.max_row + 1):
        amount = awards.cell(r, col["金额(万元)"])
        certainty = awards.cell(r, col["确定性"]).value  # None: no amount stated (县区同步奖励)
        nature = {None: "", "确定": "", "最高": "最高", "择优": "择优", "争取": "争取"}[certainty]
        if nature:  # the amount's nature is in its own display, beside it on the printed page
            assert amount.number_format.startswith(f'"{nature}'), amount.number_format
        basis = awards.cell(r, col["依据"]).value
        assert basis.split("\n") == ["宁政办〔2023〕32号", awards.cell(r, col["依据"]).value.split("\n")[1]]
        assert basis.split("\n")[1] in ("二、3 三是", "二、4 三是")  # the clause whole, on a line of its own
        date = awards.cell(r, col["触发日期"])
        assert date.is_date and date.number_format == "yyyy-mm-dd"
        # as tall as its printed text (the longest: a quote of at most 102 characters, six lines in a column 36
        # wide), not as the steps, which are not printed and take seven lines or more
        assert (awards.row_dimensions[r].height or 13) <= 13 * 6 + 3
    longest = max(awards.cell(r, col["计算过程"]).value.count("\n") + 1 for r in range(2, awards.max_row + 1))
    assert longest >= 9  # the steps of 二、3 三是's transfer award: had they sized the row, it would be 9 lines
    for sheet in ("按年度", "解读", "未计入"):
        ws = book[sheet]
        last = ws.print_area.split(":")[1].split("$")[1]
        assert "依据" in [c.value for c in ws[1]][: openpyxl.utils.column_index_from_string(last)], sheet


def test_xlsx_wan_cells_are_exact_wan_shown_to_two_decimals(write, tmp_path):
    # 潍坊 二(一)1 "按照不高于设备购置款的10%给予补贴,单个项目补贴不超过500万元": 29,522,123元 × 10% = 2,952,212.30元
    # = 295.22123万元, a ceiling.
    toml = company_toml(
        "潍坊", projects=[{"type": "equipment_upgrade", "date": "2025-03-01", "equipment_cost": 29522123}]
    )
    path = write(toml)
    out = tmp_path / "r.xlsx"
    assert run("check", path, "--as-of", "2025-06-30", "-o", str(out)).exit_code == 0
    row = _rows(openpyxl.load_workbook(out)["奖励明细"])[0]
    assert Decimal(str(row["金额(万元)"])) == Decimal("295.22123") and row["金额(元)"] == 2952212.3
    ws = openpyxl.load_workbook(out)["奖励明细"]
    head = [c.value for c in ws[1]]
    assert ws.cell(2, head.index("金额(万元)") + 1).number_format == '"最高 "#,##0.00'
    table = run("check", path, "--as-of", "2025-06-30", env={"COLUMNS": "120"}).stdout
    assert "最高 295.22 " in table and "295.22123" not in table
    exact = run("check", path, "--as-of", "2025-06-30", "--exact", env={"COLUMNS": "120"}).stdout
    assert "最高 295.22123" in exact
    doc = json.loads(run("check", path, "--as-of", "2025-06-30", "--json").stdout)
    assert yuan(doc["awards"][0]["amount"]) == Decimal("2952212.30")
    rows = list(csv.DictReader(io.StringIO(run("check", path, "--as-of", "2025-06-30", "-f", "csv").stdout)))
    assert rows[0]["amount_wan"] == "295.22123"


# -------------------------------------------------------------------------------------- 8. small things


@pytest.mark.parametrize("width", [40, 48, 60, 72, 80, 100, 120, 160])
def test_document_and_clause_numbers_never_break(width):
    for example, pieces in (
        ("xining", ("宁政办〔2023〕32号", "二、3 三是", "二、4 三是")),
        ("weifang", ('潍坊"五个优化"实施意见', "二(一)1", "三(二)", "二(二)6")),
        ("huanggang", ("黄冈技改三年行动方案", "四(二)")),
    ):
        result = run(
            "check", str(EXAMPLES / f"{example}.toml"), obj=Environment(stdout_isatty=False, width=width, environ={})
        )
        assert result.exit_code == 0, result.stderr
        lines = result.stdout.splitlines()
        for piece in pieces:
            whole = sum(line.count(piece) for line in lines)
            flat = re.sub(r"\s+", "", result.stdout)
            assert whole == flat.count(piece.replace(" ", "")), (example, width, piece)


def test_the_projected_note_says_what_is_true(write):
    # 西宁 二、1 四是: a 2025-03-31 升规 is awarded in the 2026 round; on 2025-06-30 that round has not begun.
    toml = company_toml("西宁", [("above_scale", None, "2025-03-31"), ("high_tech", "national", "2026-01-10")])
    out = run("check", write(toml), "--as-of", "2025-06-30", env={"COLUMNS": "200"}).stdout
    assert "2 项触发日期晚于计算基准日 2025-06-30" in out  # the 高新技术企业 of 2026-01-10: its two awards
    assert "1 项的评审年度(2026年度)晚于计算基准日 2025-06-30,评审尚未开始" in out


def test_a_title_is_suggested_only_when_close_in_meaning(write):
    def error(title: str) -> str:
        text = f'[company]\nname = "x"\ncity = "西宁"\n[[recognitions]]\ntitle = "{title}"\ndate = 2024-01-01\n'
        result = run("check", write(text))
        assert result.exit_code == 1
        return result.stderr

    assert "design_center" not in error("企业技术中心") and "did you mean" not in error("企业技术中心")
    assert '(did you mean "rd_center"?)' in error("研发中新")
    assert '"innovative_sme"' in error("创新型中小企")
    assert '(did you mean "little_giant" or "tech_little_giant"?)' in error("litle_giant")


def test_a_workbook_without_readings_says_so(tmp_path):
    # 黄冈's documents name no reading: the 解读 sheet says so, for one company and for a batch
    folder = tmp_path / "clients"
    folder.mkdir()
    (folder / "a.toml").write_text(HUANGGANG, encoding="utf-8")
    (folder / "b.toml").write_text('[company]\nname = "杭州公司"\ncity = "杭州"\n', encoding="utf-8")
    for args, said in (
        ((str(folder / "a.toml"),), "本报告的金额不取决于条文的解读"),
        ((str(folder),), "各企业的金额均不取决于条文的解读"),
    ):
        out = tmp_path / "r.xlsx"
        result = run("check", *args, "--as-of", "2025-06-30", "-o", str(out))
        assert result.exit_code == 0, result.stderr
        assert openpyxl.load_workbook(out)["解读"]["A2"].value == said
