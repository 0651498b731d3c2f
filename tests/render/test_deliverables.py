"""Client deliverables (issue 11): the format from -o's extension, the xlsx workbook (read back with
openpyxl), the self-contained HTML report (parsed with html.parser) and a complete, injection-safe CSV.

The company is the Xining example, worked by hand from 宁政办〔2023〕32号 with --as-of 2025-06-30:
- 二、3 三是 "争取省级财政科技专项资金对新认定的高新技术企业奖励10万元": 10万, contingent, provincial.
- 二、3 三是 "对新认定的…高新技术企业…给予…30万元…的一次性奖励,市、县(区)或园区财政分别承担50%":
  30万, fixed, municipal 15万 + county 15万.
- 二、3 三是 tech transfer "择优按转移转化项目研发总投入的20%,给予不高于企业三年累计缴税总额,最高200万元
  …省和市…8:2": 1500万 × 20% = 300万 > 三年缴税 260万 > 200万 → 200万, selective, provincial 160万 + municipal 40万.
- 二、4 三是 "专精特新"中小企业 "省级…不高于…50万元" and "市级专项再配套…不高于…20万元": 50万 + 20万, ceiling.
- 市级科技型企业 recognised 2023-05-10, before the document (2023-06-16): not counted (未生效).
Total 310万: fixed 30万, ceiling 70万, selective 200万, contingent 10万; provincial 10+160+50 = 220万,
municipal 15+40+20 = 75万, county 15万.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import openpyxl
import pytest

from zjtx.io.env import Environment

from conftest import company_toml, run

AS_OF = ("--as-of", "2025-06-30")
TOTAL = Decimal(3100000)
XINING: dict[str, Any] = {  # company_toml's arguments
    "city": "西宁",
    "recognitions": [
        ("high_tech", "national", "2023-11-20"),
        ("zjtx_sme", "provincial", "2024-06-01"),
        ("tech_sme", "municipal", "2023-05-10"),
    ],
    "projects": [
        {
            "type": "tech_transfer",
            "name": "锂电隔膜技术引进转化",
            "date": "2024-09-01",
            "rd_investment": "1500万",
            "tax_paid_3y": "260万",
        }
    ],
}


def xining(name: str = "西宁测试新材料有限公司") -> str:
    return company_toml(name=name, **XINING)


# ------------------------------------------------------------------------------------- format from -o


@pytest.mark.parametrize(
    "ext, check",
    [
        (".json", lambda b: json.loads(b)["totals"]["amount"] == 3100000),
        (".jsonl", lambda b: json.loads(b.splitlines()[0])["totals"]["amount"] == 3100000),
        (".csv", lambda b: b.startswith("\ufeffcompany,".encode())),
        (".xlsx", lambda b: b[:2] == b"PK"),
        (".HTML", lambda b: b.startswith(b"<!DOCTYPE html>")),
    ],
)
def test_format_follows_the_extension(write, tmp_path, ext, check):
    out = tmp_path / f"报告{ext}"
    result = run("check", write(xining()), "-o", str(out), *AS_OF)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert check(out.read_bytes())


def test_unknown_extension_is_a_usage_error_listing_the_formats(write, tmp_path):
    out = tmp_path / "report.txt"
    result = run("check", write(xining()), "-o", str(out))
    assert result.exit_code == 2
    for ext in (".csv", ".json", ".jsonl", ".xlsx", ".html"):
        assert ext in result.stderr
    assert not out.exists()


def test_the_format_flag_wins_over_the_extension(write, tmp_path):
    out = tmp_path / "report.txt"
    result = run("check", write(xining()), "-f", "json", "-o", str(out), *AS_OF)
    assert result.exit_code == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["totals"]["amount"] == 3100000


def test_xlsx_is_never_written_to_a_terminal(write):
    result = run("check", write(xining()), "-f", "xlsx", obj=Environment(stdout_isatty=True))
    assert result.exit_code == 2
    assert "-o" in result.stderr and result.stdout == ""


def test_xlsx_to_a_pipe_is_a_workbook(write):
    result = run("check", write(xining()), "-f", "xlsx", *AS_OF)
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(io.BytesIO(result.stdout_bytes))
    assert book.sheetnames[0] == "汇总"


# -------------------------------------------------------------------------------------------- xlsx


def _header(ws) -> list:
    return [c.value for c in ws[1]]


def _rows(ws) -> list[dict]:
    head = _header(ws)
    return [
        dict(zip(head, row, strict=True))
        for row in ws.iter_rows(min_row=2, values_only=True)
        if any(v is not None for v in row)
    ]


def test_xlsx_one_company(write, tmp_path):
    out = tmp_path / "报告.xlsx"
    assert run("check", write(xining()), "-o", str(out), *AS_OF).exit_code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["汇总", "奖励明细", "未计入", "文件"]

    summary = book["汇总"]
    cells = {row[0].value: row[1] for row in summary.iter_rows(min_col=1, max_col=2) if row[0].value}
    total = cells["合计(仅计窗口内)"]
    assert total.data_type == "n" and Decimal(str(total.value)) == TOTAL
    assert "万元" in total.number_format
    assert {
        k.strip(): Decimal(str(cells[k].value)) for k in cells if k.strip() in ("确定", "最高", "择优", "争取")
    } == {"确定": Decimal(300000), "最高": Decimal(700000), "择优": Decimal(2000000), "争取": Decimal(100000)}
    assert {k.strip(): Decimal(str(cells[k].value)) for k in cells if k.strip() in ("省级", "市级", "县级")} == {
        "省级": Decimal(2200000),
        "市级": Decimal(750000),
        "县级": Decimal(150000),
    }
    assert cells["企业"].value == "西宁测试新材料有限公司"
    assert cells["计算基准日"].value == "2025-06-30"

    awards = book["奖励明细"]
    assert awards.freeze_panes == "A2" and awards.auto_filter.ref
    assert awards.page_setup.orientation == "landscape" and str(awards.page_setup.paperSize) == "9"
    rows = _rows(awards)
    counted = [r for r in rows if r["计入合计"] == "是"]
    assert all(isinstance(r["金额(万元)"], (int, float)) for r in counted)  # numbers, never text
    assert sum(Decimal(str(r["金额(万元)"])) for r in counted) == TOTAL
    transfer = next(r for r in rows if r["措施编号"] == "xining.tech_transfer")
    assert (transfer["金额(万元)"], transfer["省级(万元)"], transfer["市级(万元)"]) == (2000000, 1600000, 400000)
    assert transfer["确定性"] == "择优" and transfer["名称"] == "锂电隔膜技术引进转化"
    assert "200万" in transfer["原文"] and transfer["计算过程"]
    amount_col = _header(awards).index("金额(万元)") + 1
    assert "万元" in awards.cell(2, amount_col).number_format

    not_counted = _rows(book["未计入"])
    early = next(r for r in not_counted if r["措施编号"] == "xining.tech_sme.municipal")
    assert early["类别"] == "未生效" and early["金额(万元)"] == 100000
    docs = _rows(book["文件"])
    assert [d["文号"] for d in docs] == ["宁政办〔2023〕32号"] and docs[0]["基准日是否有效"] == "是"


def test_xlsx_batch_has_a_portfolio_and_an_error_sheet(tmp_path):
    folder = tmp_path / "clients"
    folder.mkdir()
    (folder / "a.toml").write_text(xining("甲公司"), encoding="utf-8")
    (folder / "b.toml").write_text(company_toml("潍坊", name="乙公司"), encoding="utf-8")  # no event: no award
    (folder / "c.toml").write_text('[company]\nname = "丙"\ncity = "suzhou"\n', encoding="utf-8")
    out = tmp_path / "组合.xlsx"
    result = run("check", str(folder), "-o", str(out), *AS_OF)
    assert result.exit_code == 1
    assert "c.toml" in result.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["组合", "汇总", "奖励明细", "未计入", "文件", "错误"]
    portfolio = {r["企业"]: r for r in _rows(book["组合"])}
    assert set(portfolio) == {"甲公司", "乙公司"}
    assert Decimal(str(portfolio["甲公司"]["合计(万元)"])) == TOTAL and portfolio["乙公司"]["合计(万元)"] == 0
    assert Decimal(str(portfolio["甲公司"]["择优(万元)"])) == Decimal(2000000)
    assert {r["企业"] for r in _rows(book["奖励明细"])} == {"甲公司"}
    errors = _rows(book["错误"])
    assert len(errors) == 1 and errors[0]["文件"].endswith("c.toml") and "suzhou" in errors[0]["问题"]


def test_xlsx_text_is_never_a_formula(write, tmp_path):
    out = tmp_path / "x.xlsx"
    result = run("check", write(xining("=HYPERLINK('http://evil','x')")), "-o", str(out), *AS_OF)
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(out)
    cell = book["汇总"]["B3"]
    assert cell.value == "=HYPERLINK('http://evil','x')" and cell.data_type == "s"


# -------------------------------------------------------------------------------------------- HTML


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.urls += [v or "" for k, v in attrs if k in ("src", "href", "xlink:href", "action", "srcset")]
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        (self.styles if self._in_style else self.text).append(data)


def _parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


def _self_contained(page: _Page) -> None:
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    assert all(u.startswith("#") for u in page.urls), page.urls  # only links inside the page
    css = "".join(page.styles)
    assert "url(" not in css and "@import" not in css


def test_html_one_company(write, tmp_path):
    name = '<script>alert("x")</script>&测试'
    out = tmp_path / "报告.html"
    assert run("check", write(xining(name.replace('"', '\\"'))), "-o", str(out), *AS_OF).exit_code == 0
    text = out.read_text(encoding="utf-8")
    page = _parse(text)
    _self_contained(page)
    assert name in "".join(page.text)  # shown as text, escaped in the source
    assert "&lt;script&gt;" in text
    body = "".join(page.text)
    assert "310" in body  # the total, 万元
    assert "svg" in page.tags and "rect" in page.tags  # the certainty / payer chart
    for word in ("确定", "最高", "择优", "争取", "省级", "市级", "县级", "二、3 三是", "未生效"):
        assert word in body
    assert "@media print" in "".join(page.styles)


def test_html_batch_and_compare(tmp_path):
    folder = tmp_path / "clients"
    folder.mkdir()
    (folder / "a.toml").write_text(xining("甲公司"), encoding="utf-8")
    (folder / "b.toml").write_text(company_toml("潍坊", name="乙<公司>"), encoding="utf-8")
    (folder / "c.toml").write_text('[company]\nname = "丙"\n', encoding="utf-8")
    out = tmp_path / "组合.html"
    assert run("check", str(folder), "-o", str(out), *AS_OF).exit_code == 1
    text = out.read_text(encoding="utf-8")
    page = _parse(text)
    _self_contained(page)
    assert text.count('<section class="company"') == 2
    body = "".join(page.text)
    assert "乙<公司>" in body and "c.toml" in body
    assert "合计(2 家)最高 310" in body.replace("\n", "")  # the portfolio total: 310万 + 0
    assert "break-before: page" in "".join(page.styles)

    out = tmp_path / "比较.html"
    assert run("compare", str(folder / "a.toml"), "-o", str(out), *AS_OF).exit_code == 0
    page = _parse(out.read_text(encoding="utf-8"))
    _self_contained(page)
    svg_text = "".join(page.text)
    for city in ("潍坊市", "西宁市", "宿州市", "日照市", "黄冈市"):
        assert city in svg_text


# --------------------------------------------------------------------------------------------- CSV


def _csv(result) -> list[dict]:
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_csv_counted_sums_to_the_total_and_has_the_new_columns(write):
    rows = _csv(run("check", write(xining()), "-f", "csv", *AS_OF))
    assert sum(Decimal(r["amount"]) for r in rows if r["counted"] == "true") == TOTAL
    transfer = next(r for r in rows if r["measure_id"] == "xining.tech_transfer")
    assert (transfer["amount"], transfer["amount_wan"], transfer["certainty"]) == ("2000000.00", "200", "selective")
    assert (transfer["trigger_project"], transfer["trigger_date"], transfer["trigger_name"]) == (
        "tech_transfer",
        "2024-09-01",
        "锂电隔膜技术引进转化",
    )
    early = next(r for r in rows if r["measure_id"] == "xining.tech_sme.municipal")
    assert (early["status"], early["counted"], early["trigger_title"], early["trigger_level"]) == (
        "not_yet_in_force",
        "false",
        "tech_sme",
        "municipal",
    )


def test_csv_has_a_row_for_a_company_with_no_award(tmp_path):
    folder = tmp_path / "clients"
    folder.mkdir()
    (folder / "a.toml").write_text(xining("甲公司"), encoding="utf-8")
    (folder / "b.toml").write_text(company_toml("潍坊", name="乙公司"), encoding="utf-8")
    rows = _csv(run("check", str(folder), "-f", "csv", *AS_OF))
    lonely = [r for r in rows if r["company"] == "乙公司"]
    assert len(lonely) == 1
    assert (
        lonely[0]["city"] == "潍坊市" and lonely[0]["measure_id"] == lonely[0]["amount"] == lonely[0]["counted"] == ""
    )


POLICY = """\
id: injected-doc
city: "630100"
title: "-标题"
issuer: "=HYPERLINK(\\"http://evil\\")"
number: null
issued: 2023-01-01
window: {from: 2023-01-01, to: null}
funding: municipal
measures:
  - id: injected.gazelle
    title: "+SUM(A1)"
    trigger: {title: gazelle, level: municipal}
    rule: {amount: 1万}
    clause: "@A1"
    quote: 示例
"""


def test_csv_neutralises_formulas_in_every_text_column(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "p.yaml").write_text(POLICY, encoding="utf-8")
    text = company_toml(
        "西宁",
        name="=1+1",
        recognitions=[("gazelle", "municipal", "2024-01-02")],
        projects=[
            {
                "type": "tech_transfer",
                "name": "-2 项目",
                "date": "2024-09-01",
                "rd_investment": "100万",
                "tax_paid_3y": "1万",
            }
        ],
    )
    (tmp_path / "@c.toml").write_text(text, encoding="utf-8")
    rows = _csv(run("check", "@c.toml", "-f", "csv", "--data", "policies", *AS_OF))
    gazelle = next(r for r in rows if r["measure_id"] == "injected.gazelle")
    assert gazelle["company"] == "'=1+1" and gazelle["file"] == "'@c.toml"
    assert gazelle["title"] == "'+SUM(A1)" and gazelle["clause"] == "'@A1"
    assert gazelle["document"].startswith("'=HYPERLINK")
    assert gazelle["amount"] == "10000.00" and gazelle["amount_wan"] == "1"
    transfer = next(r for r in rows if r["measure_id"] == "xining.tech_transfer")
    assert transfer["trigger_name"] == "'-2 项目"
    for row in rows:  # no text cell anywhere starts a formula
        for key, value in row.items():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (key, value)


# -------------------------------------------------------------------------------------- plan, what-if


def test_plan_writes_a_workbook(tmp_path, write):
    # 宁政办〔2023〕32号 二、4 三是: a new 专精特新"小巨人" gets 省级 "不高于…100万元" and 市级专项再配套 "不高于…50万元":
    # 150万, all of it a ceiling; 省级 100万, 市级 50万.
    out = tmp_path / "选项.xlsx"
    result = run("plan", write(company_toml("西宁", name="西宁计划公司")), "-o", str(out), *AS_OF)
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["汇总", "选项", "奖励明细", "文件"]
    assert book["汇总"]["B3"].value == "西宁计划公司"
    options = _rows(book["选项"])
    giant = next(r for r in options if r["类型"] == "新认定" and "小巨人" in r["选项"] and "科技" not in r["选项"])
    assert (giant["金额(万元)"], giant["最高(万元)"], giant["省级(万元)"], giant["市级(万元)"]) == (
        1500000,
        1500000,
        1000000,
        500000,
    )
    assert "万元" in book["选项"].cell(2, 6).number_format
    assert [r["序"] for r in options if r["序"] is not None] == sorted(r["序"] for r in options if r["序"] is not None)
    assert {r["措施编号"] for r in _rows(book["奖励明细"]) if r["选项"] == giant["选项"]} >= {
        "xining.little_giant.provincial",
        "xining.little_giant.municipal",
    }


def test_plan_xlsx_is_never_written_to_a_terminal(write):
    result = run("plan", write(company_toml("西宁")), "-f", "xlsx", obj=Environment(stdout_isatty=True))
    assert result.exit_code == 2 and result.stdout == ""


def test_what_if_rows_are_marked_hypothetical(write):
    rows = _csv(run("check", write(xining()), "-f", "csv", "--add", "little_giant national 2025-01-02", *AS_OF))
    added = [r for r in rows if r["trigger_title"] == "little_giant"]
    assert added and all(r["hypothetical"] == "true" for r in added)
    assert all(r["hypothetical"] == "false" for r in rows if r["trigger_title"] != "little_giant")


def test_control_and_bidi_characters_are_visible_in_deliverables(write, tmp_path):
    path = write(xining("甲\\u202e乙\\u0007公司"))  # TOML escapes: a right-to-left override and a bell
    assert run("check", path, "-o", str(tmp_path / "r.xlsx"), *AS_OF).exit_code == 0
    assert openpyxl.load_workbook(tmp_path / "r.xlsx")["汇总"]["B3"].value == "甲\\u202e乙\\x07公司"
    assert run("check", path, "-o", str(tmp_path / "r.html"), *AS_OF).exit_code == 0
    text = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "甲\\u202e乙\\x07公司" in text and "\u202e" not in text and "\x07" not in text


# ------------------------------------------------------------------ window bounds, names, unmatched, readings

WEIFANG = """\
[company]
name = "潍坊标准公司"
city = "潍坊"

[[recognitions]]
title = "standard"
level = "national"
date = 2024-03-01
name = "GB/T 1-2024"

[[recognitions]]
title = "standard"
level = "national"
date = 2024-09-01
name = "GB/T 2-2024"

[[recognitions]]
title = "zjtx_sme"
level = "provincial"
date = 2024-03-01
"""


def test_window_bounds_names_and_unmatched_events_in_every_format(write, tmp_path):
    # 潍坊"五个优化"实施意见 二(三)8: "主导制(修)订…国家标准…的企业,分别给予一次性资助…30万元": 30万 per standard.
    # The copy prints no issue date; the data bounds it to 2022-08-24 … 2024-07-18, so the standard of 2024-03-01
    # is counted with its window to confirm, the one of 2024-09-01 is certain. A new provincial 专精特新中小企业
    # is paid only on re-review (三(二)): it triggers nothing and must be listed, not dropped.
    path = write(WEIFANG)
    rows = _csv(run("check", path, "-f", "csv", *AS_OF))
    standards = {r["trigger_name"]: r for r in rows if r["measure_id"] == "weifang.standard.national"}
    assert {k: (r["amount"], r["window_uncertain"], r["counted"]) for k, r in standards.items()} == {
        "GB/T 1-2024": ("300000.00", "true", "true"),
        "GB/T 2-2024": ("300000.00", "false", "true"),
    }

    out = tmp_path / "r.xlsx"
    assert run("check", path, "-o", str(out), *AS_OF).exit_code == 0
    book = openpyxl.load_workbook(out)
    cells = {row[0].value: row[1].value for row in book["汇总"].iter_rows(min_col=1, max_col=2) if row[0].value}
    assert cells["合计(仅计窗口内)"] == 600000 and cells["其中窗口待核"] == 300000
    awards = {r["名称"]: r for r in _rows(book["奖励明细"])}
    assert awards["GB/T 1-2024"]["窗口待核"] == "是" and awards["GB/T 2-2024"]["窗口待核"] is None
    unmatched = [r for r in _rows(book["未计入"]) if r["类别"] == "未触发任何措施"]
    assert len(unmatched) == 1 and "专精特新中小企业" in unmatched[0]["触发事件"] and "复核" in unmatched[0]["原因"]

    out = tmp_path / "r.html"
    assert run("check", path, "-o", str(out), *AS_OF).exit_code == 0
    body = "".join(_parse(out.read_text(encoding="utf-8")).text)
    assert "窗口待核" in body and "GB/T 1-2024" in body and "未触发任何措施" in body


def test_the_reading_an_amount_depends_on_is_in_csv_and_xlsx(write, tmp_path):
    # 宁政办〔2023〕32号 二、3 三是: "不高于企业三年累计缴税总额" read as a cap per project (the data's reading
    # xining.tax_cap_scope, taken per_project); the award names it.
    rows = _csv(run("check", write(xining()), "-f", "csv", *AS_OF))
    transfer = next(r for r in rows if r["measure_id"] == "xining.tech_transfer")
    assert transfer["reading"] == "xining.tax_cap_scope=per_project"
    assert all(r["reading"] == "" for r in rows if r["measure_id"] != "xining.tech_transfer")
    out = tmp_path / "r.xlsx"
    assert run("check", write(xining()), "-o", str(out), *AS_OF).exit_code == 0
    transfer = next(
        r for r in _rows(openpyxl.load_workbook(out)["奖励明细"]) if r["措施编号"] == "xining.tech_transfer"
    )
    assert transfer["解读"].startswith("xining.tax_cap_scope=per_project")
