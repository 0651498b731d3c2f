"""Who handles each measure (issue 26 §4): ``departments`` — the 责任单位 / 牵头单位 the document prints after the
measure's task, in its order — on every measure, in the YAML, in `policies show` (JSON and table) and in the award's
JSON. The expected lists are read here from the documents' texts, task by task, not from the YAML."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from conftest import ROOT, company_toml, only_award, run

DATA = ROOT / "data"


def _split(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[、,;]", text) if p.strip()]


def _tasks(doc_dir: str) -> dict[str, list[str]]:
    """Task → the departments printed after it, read from the document's text (NFKC: full-width punctuation as
    ASCII): ``{"二、3": [...]}`` (西宁), ``{"二1": [...]}`` (潍坊, 日照: tasks numbered through their section),
    ``{"四(二)": [...]}`` (the (一)(二)… paragraphs of 潍坊 三, 黄冈 and 宿州)."""
    text = next((DATA / doc_dir).glob("*.txt")).read_text(encoding="utf-8")
    out: dict[str, list[str]] = {}
    section = current = ""
    for raw in text.splitlines():
        para = unicodedata.normalize("NFKC", raw.strip())
        head = re.match(r"^([一二三四五六七八九十]+)、", para)
        if head:
            section = head.group(1)
        numbered = re.match(r"^(\d+)\.", para)
        lettered = re.match(r"^(\([一二三四五六七八九十]+\))", para)
        if doc_dir == "630100-xining":
            if numbered:
                current = f"{section}、{numbered.group(1)}"
            if para.startswith("责任单位:"):
                out[current] = _split(para.removeprefix("责任单位:"))
            continue
        found_number = numbered or lettered
        if found_number is None:
            continue
        key = section + found_number.group(1)
        if doc_dir in ("370700-weifang", "371100-rizhao"):
            found = re.search(r"\(责任单位:([^)]*)\)$", para)
            if found:
                out[key] = _split(found.group(1).split("。")[0])
        elif doc_dir == "421100-huanggang":
            found = re.search(r"\(牵头单位:([^;)]*);责任单位:([^)]*)\)$", para)
            if found:
                out[key] = _split(found.group(1)) + _split(found.group(2))
        else:  # 宿州: "(… 按职责分工负责;各县区人民政府、市管园区管委会为责任主体,下同)"
            found = re.search(r"\(([^()]*)按职责分工负[责贵]([^()]*)\)$", para)
            if found:
                first = found.group(1).replace("監", "监")  # 四(十六) prints 市地方金融監管局
                extra = re.match(r";(.*)为责任主体", found.group(2))
                out[key] = _split(first) + (_split(extra.group(1)) if extra else [])
    return out


def _task_of(doc_dir: str, clause: str) -> str:
    """The task of a measure's clause: 二、3 三是 → 二、3 (西宁); 二(一)1 → 二1 (潍坊, 日照); 四(二) stays."""
    if doc_dir == "630100-xining":
        return clause.split()[0]
    numbered = re.match(r"^([一二三四五六七八九十]+)\([一二三四五六七八九十]+\)(\d+)$", clause)
    return f"{numbered.group(1)}{numbered.group(2)}" if numbered else clause


DOCS = ["630100-xining", "370700-weifang", "371100-rizhao", "421100-huanggang", "341300-suzhou"]


CITY = {"630100-xining": "630100", "370700-weifang": "370700", "371100-rizhao": "371100"} | {
    "421100-huanggang": "421100",
    "341300-suzhou": "341300",
}


@pytest.mark.parametrize("doc_dir", DOCS)
def test_every_measure_names_the_departments_printed_after_its_task(doc_dir):
    tasks = _tasks(doc_dir)
    assert len(tasks) >= 5, tasks  # the reading of the text found the tasks
    rows = json.loads(run("policies", "--json", "--city", CITY[doc_dir]).stdout)
    assert rows
    for m in rows:
        expected = tasks.get(_task_of(doc_dir, m["clause"]))
        if expected is None:  # a task with no departments printed (西宁 四、保障措施; 日照's cut-off 第15条)
            assert m["departments"] == [] and m["departments_note"], m["id"]
        else:
            assert m["departments"] == expected, (m["id"], m["clause"])


def test_weifang_keeps_its_note_with_the_departments():
    # 潍坊 二(一)1: "(责任单位:市工信局、市财政局,各县市区人民政府,市属各开发区管委会。以下任务均需各县市区落实,不再一一列出)"
    first = json.loads(run("policies", "show", "weifang.equipment_upgrade", "--json").stdout)
    assert first["departments"] == ["市工信局", "市财政局", "各县市区人民政府", "市属各开发区管委会"]
    assert first["departments_note"] == "以下任务均需各县市区落实,不再一一列出"
    later = json.loads(run("policies", "show", "weifang.standard.national", "--json").stdout)
    assert later["departments"] == ["市工信局", "市市场监管局", "市财政局"]  # 二(三)8
    assert "以下任务均需各县市区落实" in later["departments_note"]


def test_huanggang_says_which_department_leads():
    # 四(二): "(牵头单位:市经信局、市财政局;责任单位:市科技局、市税务局,各县市区人民政府,市区各园区管委会)"
    m = json.loads(run("policies", "show", "huanggang.new_revenue_return", "--json").stdout)
    assert m["departments"][:2] == ["市经信局", "市财政局"] and "牵头单位为市经信局、市财政局" in m["departments_note"]


def test_departments_in_policies_show_table_and_the_awards_json(check_json):
    table = run("policies", "show", "xining.zjtx_sme.provincial")
    assert table.exit_code == 0 and "责任单位" in table.stdout and "经济技术开发区各园区管委会" in table.stdout
    doc = check_json(company_toml("西宁市", [("zjtx_sme", "provincial", "2024-03-01")]), "--as-of", "2025-06-30")
    # 二、4 "责任单位:市工业和信息化局、市财政局,各县区人民政府,经济技术开发区各园区管委会"
    assert only_award(doc, "xining.zjtx_sme.provincial")["departments"] == [
        "市工业和信息化局",
        "市财政局",
        "各县区人民政府",
        "经济技术开发区各园区管委会",
    ]
    assert all("departments" in m for m in doc["other_measures"])
    plan = json.loads(run("plan", "-", "--json", input=company_toml("西宁市", [])).stdout)
    assert all(a["departments"] for o in plan["options"] for a in o["awards"])


def test_departments_in_the_workbook_and_the_html(tmp_path):
    import openpyxl

    from conftest import EXAMPLES

    # examples/weifang.toml: the equipment project is paid under 二(一)1, whose departments carry the note
    # "以下任务均需各县市区落实,不再一一列出"
    book, page = tmp_path / "r.xlsx", tmp_path / "r.html"
    for out in (book, page):
        result = run("check", str(EXAMPLES / "weifang.toml"), "--as-of", "2025-06-30", "-o", str(out))
        assert result.exit_code == 0, result.stderr
    sheet = openpyxl.load_workbook(book)["奖励明细"]
    header = [c.value for c in sheet[1]]
    assert header.index("责任单位") < header.index("计算过程")
    rows = {
        r[header.index("措施编号")]: r[header.index("责任单位")] for r in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert rows["weifang.equipment_upgrade"] == (
        "市工信局、市财政局、各县市区人民政府、市属各开发区管委会 (以下任务均需各县市区落实,不再一一列出)"
    )
    text = page.read_text(encoding="utf-8")
    assert "责任单位: 市工信局、市财政局、各县市区人民政府、市属各开发区管委会" in text
