"""The calendar of what falls due (issue 22): ``-o FILE.ics`` for check, plan and batches, read back with a real
iCalendar parser (the ``icalendar`` package). Dates worked out by hand: a term of three years (《优质中小企业
梯度培育管理暂行办法》: 有效期三年; 《高新技术企业认定管理办法》: 资格有效期三年) ends on the same day three years
later; 潍坊"五个优化"实施意见 runs to 2025-12-31; 西宁 二、1 四是 pays a 升规 in the next year's round."""

from __future__ import annotations

import datetime as dt

import icalendar

from conftest import EXAMPLES, company_toml, run

CLIENT = company_toml(
    "西宁",
    [
        ("innovative_sme", "provincial", "2024-10-15"),
        ("high_tech", "national", "2023-11-20"),
        ("above_scale", None, "2025-03-31"),
    ],
    name="西宁日程公司",
)


def _calendar(path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def _events(cal: icalendar.Calendar) -> dict[str, icalendar.cal.Component]:
    return {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}


def test_check_writes_a_calendar_of_what_falls_due(write, tmp_path):
    out = tmp_path / "日程.ics"
    result = run("check", write(CLIENT), "--as-of", "2025-06-30", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    cal = _calendar(out)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    events = _events(cal)
    innovative = events["西宁日程公司: 省级创新型中小企业 复核到期(有效期届满)"]
    assert innovative.decoded("DTSTART") == dt.date(2027, 10, 15)  # 2024-10-15 + 3 years, all day
    assert innovative.decoded("DTEND") == dt.date(2027, 10, 16)
    high_tech = events["西宁日程公司: 国家级高新技术企业 重新认定到期(有效期届满)"]
    assert high_tech.decoded("DTSTART") == dt.date(2026, 11, 20)
    description = str(high_tech["DESCRIPTION"])
    assert "企业: 西宁日程公司" in description and "高新技术企业认定管理办法" in description
    # the 2025 升规 falls in the 2026 round: projected, on the round's year, with its document and clause
    above = next(e for s, e in events.items() if "升规" in s)
    assert above.decoded("DTSTART") == dt.date(2026, 1, 1) and "预期" in str(above["SUMMARY"])
    text = str(above["DESCRIPTION"])
    assert "宁政办〔2023〕32号" in text and "二、1 四是" in text and "2026年度评审" in text
    for e in cal.walk("VEVENT"):
        assert str(e["UID"]).endswith("@zjtx") and isinstance(e.decoded("DTSTAMP"), dt.datetime)
        assert type(e.decoded("DTSTART")) is dt.date  # all-day
    raw = out.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")  # CRLF line endings
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded at 75 octets


def test_the_same_event_keeps_its_uid(write, tmp_path):
    path = write(CLIENT)
    uids = []
    for name in ("a.ics", "b.ics"):
        assert run("check", path, "--as-of", "2025-06-30", "-o", str(tmp_path / name)).exit_code == 0
        uids.append(sorted(str(e["UID"]) for e in _calendar(tmp_path / name).walk("VEVENT")))
    assert uids[0] == uids[1] and len(set(uids[0])) == len(uids[0])


def test_a_portfolio_is_one_calendar_with_each_document_once(tmp_path):
    folder = tmp_path / "clients"
    folder.mkdir()
    for name in ("weifang", "xining"):
        (folder / f"{name}.toml").write_text((EXAMPLES / f"{name}.toml").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "weifang2.toml").write_text(
        company_toml("潍坊", [("little_giant", "national", "2024-07-15")], name="潍坊第二公司"), encoding="utf-8"
    )
    out = tmp_path / "组合.ics"
    assert run("check", str(folder), "--as-of", "2025-06-30", "-o", str(out)).exit_code == 0
    events = list(_calendar(out).walk("VEVENT"))
    ends = [e for e in events if str(e["SUMMARY"]).startswith('文件到期: 潍坊"五个优化"实施意见')]
    assert len(ends) == 1 and ends[0].decoded("DTSTART") == dt.date(2025, 12, 31)
    assert "涉及企业: 潍坊示例精密机械有限公司、潍坊第二公司" in str(ends[0]["DESCRIPTION"])
    giants = [e for e in events if "小巨人" in str(e["SUMMARY"])]
    assert {e.decoded("DTSTART") for e in giants} == {dt.date(2027, 7, 15)} and len(giants) == 2  # one each


def test_plan_writes_a_calendar_saying_what_a_re_review_would_add(write, tmp_path):
    # 西宁 宁政办〔2023〕32号 pays no re-review, 潍坊 三(二) does ("通过国家动态复核…奖励"): the 潍坊 example's
    # national 小巨人 of 2024-07-15 falls due on 2027-07-15, after its document ended (2025-12-31).
    out = tmp_path / "plan.ics"
    result = run("plan", str(EXAMPLES / "weifang.toml"), "--as-of", "2025-06-30", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    events = _events(_calendar(out))
    giant = events['潍坊示例精密机械有限公司: 国家级专精特新"小巨人"企业 复核到期(有效期届满)']
    assert giant.decoded("DTSTART") == dt.date(2027, 7, 15)
    text = str(giant["DESCRIPTION"])
    assert "通过复核的奖励: 通过国家动态复核的专精特新优质企业奖励" in text and "三(二)" in text
    assert "通过后可增加" in text and "付款文件届时已失效" in text


def test_hostile_text_is_escaped_in_the_calendar(write, tmp_path):
    toml = company_toml("西宁", [("innovative_sme", "provincial", "2024-10-15")], name="甲;乙,丙\\\\丁\\u202e")
    out = tmp_path / "x.ics"
    assert run("check", write(toml), "-o", str(out)).exit_code == 0
    raw = out.read_text(encoding="utf-8")
    assert "\u202e" not in raw and "甲\\;乙\\,丙\\\\丁\\\\u202e" in raw
    summary = next(str(e["SUMMARY"]) for e in _calendar(out).walk("VEVENT"))
    assert summary.startswith("甲;乙,丙\\丁\\u202e: ")
