"""The drafter's pieces, each on the phrases it must read (expected values worked out from the words), and
the YAML writer as a property: whatever a string holds, zjtx's loader reads it back as that string."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zjtx.policy import safeyaml
from zjtx.policy.draft import amounts, emit, numerals, payers, triggers
from zjtx.policy.draft.clauses import clause_label, sentences
from zjtx.policy.draft.meta import read
from zjtx.policy.draft.text import furniture, lines


@pytest.mark.parametrize(
    "text,yuan",
    [
        ("奖励50万元", [500_000]),
        ("奖励五十万元", [500_000]),
        ("奖励伍拾万元", [500_000]),
        ("奖励一百二十万元", [1_200_000]),
        ("奖励1.5亿元", [150_000_000]),
        ("奖励200000元", [200_000]),
        ("奖励500,000元", [500_000]),
        ("奖励两千万元", [20_000_000]),
        ("奖励十万元", [100_000]),
        ("奖励5千元", [5_000]),
        ("分别给予最高300万元、20万元", [3_000_000, 200_000]),
        ("数百万元", []),
        ("上千万元", []),
        ("近亿元", []),
        ("100多万元", []),
        ("10余万元", []),
        ("产值过亿元企业", []),
        ("每万元增加值", []),
        ("一次性奖励", []),
    ],
)
def test_amounts_of_money(text, yuan):
    assert [m.yuan for m in numerals.money(text)] == [Decimal(y) for y in yuan]


def test_a_range_is_its_upper_end_with_its_lower_end_kept():
    (m,) = numerals.money("给予10万元至30万元奖励")
    assert (m.yuan, m.low) == (Decimal(300_000), Decimal(100_000))
    (a,) = amounts.amounts("给予10万元至30万元奖励")[0]
    assert a.up_to and "区间" in (a.note or "")


@pytest.mark.parametrize(
    "text,value", [("10%", Fraction(1, 10)), ("12.5%", Fraction(1, 8)), ("百分之二十", Fraction(1, 5))]
)
def test_rates(text, value):
    assert [r.value for r in numerals.rates(text)] == [value]


@pytest.mark.parametrize(
    "text,day",
    [
        ("2026年3月15日", dt.date(2026, 3, 15)),
        ("二〇二三年六月十六日", dt.date(2023, 6, 16)),
        ("二〇二五年十二月三十一日", dt.date(2025, 12, 31)),
    ],
)
def test_dates(text, day):
    assert [d for _, _, d in numerals.dates(text)] == [day]
    assert numerals.dates("2026年2月30日") == []


@pytest.mark.parametrize(
    "rest,expected",
    [
        (",给予一次性奖励50万元", [(500_000, False)]),
        (",给予最高50万元奖励", [(500_000, True)]),
        (",给予不超过50万元的奖励", [(500_000, True)]),
        (",分别给予最高300万元、20万元奖励", [(3_000_000, True), (200_000, True)]),
        (",奖励金额在50万元以内", [(500_000, True)]),
        (",对总投资500万元以上的项目给予支持", []),
        (",首次突破10亿元的,给予政策支持", []),
        (",市财政每年安排300万元用于购买服务", []),
        (",统筹安排不超过500万元资金", []),
        (",研发投入达到1000万元的", []),
    ],
)
def test_award_amounts_leave_conditions_and_budgets_out(rest, expected):
    got = [(int(a.yuan), a.up_to) for group in amounts.amounts(rest) for a in group]
    assert got == expected


@pytest.mark.parametrize(
    "text,shares",
    [
        ("由市、区县两级财政按1:1比例分担", {"municipal": Fraction(1, 2), "county": Fraction(1, 2)}),
        ("其中市级财政承担40%,区县财政承担60%", {"municipal": Fraction(2, 5), "county": Fraction(3, 5)}),
        ("由省和市根据财政事权8:2比例承担", {"provincial": Fraction(4, 5), "municipal": Fraction(1, 5)}),
        ("市、县(区)或园区财政分别承担50%", {"municipal": Fraction(1, 2), "county": Fraction(1, 2)}),
        ("由市级财政和企业所在区县财政各承担一半", {"municipal": Fraction(1, 2), "county": Fraction(1, 2)}),
        ("由企业所在县(市、区)财政承担", {"county": Fraction(1)}),
        ("市级财政给予奖励", {"municipal": Fraction(1)}),
        ("省级中小企业发展专项资金下达奖励资金", {"provincial": Fraction(1)}),
        ("由市、区两级财政按3:3比例分担", {"municipal": Fraction(1, 2), "county": Fraction(1, 2)}),
        ("其中市级财政承担40%,区县财政承担50%", None),  # 90%: no split
        ("给予一次性奖励", None),
    ],
)
def test_payers(text, shares):
    p = payers.payer(text)
    assert (dict(p.shares) if p.shares else None) == shares


def test_contingent_and_selective():
    p = payers.payer("争取省级奖补政策,给予不高于100万元的一次性资金奖励")
    assert p.contingent and dict(p.shares or ()) == {"provincial": 1}
    assert payers.payer("择优给予最高50万元奖励").selective


@pytest.mark.parametrize(
    "sentence,shares,rule",
    [
        ("本办法所需资金除另有规定外,由市级财政承担。", (("municipal", Fraction(1)),), True),
        ("本实施意见中,除明确市级财政承担的支出外,其它支出按现行财政体制分担。", None, True),
        ("对省级以上工业设计中心,择优给予最高50万元奖励,由市级财政承担。", None, False),
    ],
)
def test_document_level_payer(sentence, shares, rule):
    assert payers.document_default(sentence) == (shares, rule)


@pytest.mark.parametrize(
    "obj,names",
    [
        ("新认定的国家级、省级智能工厂", [("smart_factory", ("national", "provincial"))]),
        (
            '新获得认定的国家级制造业单项冠军企业、产品和专精特新"小巨人"企业',
            [
                ("single_champion", ("national",)),
                ("single_champion_product", ("national",)),
                ("little_giant", ("national",)),
            ],
        ),
        ('新认定为省级"独角兽""瞪羚"的企业', [("unicorn", ("provincial",)), ("gazelle", ("provincial",))]),
        (
            "主导制(修)订国际标准、国家标准、行业标准的企业",
            [("standard", ("international",)), ("standard", ("national",)), ("standard", ("industry",))],
        ),
        ("新获得认定的山东省制造业单项冠军企业", [("single_champion", ("provincial",))]),
        ("新认定的省特色产业集群", [("cluster", ("provincial",))]),
        ("新认定的国家级、省级企业技术中心", [(None, ("national", "provincial"))]),
    ],
)
def test_names_and_levels_in_an_object(obj, names):
    found = [(n.id, n.levels) for n in triggers.names(obj, obj)]
    assert found == names


def test_a_title_with_a_minimum_level_and_reviews():
    (n,) = triggers.names('新获得认定的省级及以上"瞪羚"企业')
    assert (n.id, n.min_level) == ("gazelle", "provincial")
    assert triggers.review("通过国家级专精特新小巨人企业复核的企业") and triggers.review("重新认定的高新技术企业")
    assert not triggers.review("新认定的高新技术企业")


def test_xiaojuren_alone_is_read_from_its_sentence():
    (tech,) = triggers.names("小巨人企业", "培育科技型企业、高新技术企业和科技小巨人企业")
    (miit,) = triggers.names("小巨人企业", "培育专精特新中小企业")
    assert (tech.id, miit.id) == ("tech_little_giant", "little_giant") and tech.notes and miit.notes


def test_clause_labels():
    assert clause_label(((2, "二"), (3, "一"), (4, "1"))) == "二(一)1"
    assert clause_label(((2, "二"), (4, "1"), (7, "四"))) == "二、1 四是"
    assert clause_label(((1, "三"), (4, "1"))) == "第三条1"
    assert clause_label(((0, "二"), (1, "四"))) == "第四条"
    assert clause_label(((0, "二"),)) == "第二章"
    assert clause_label(((2, "四"), (3, "二"))) == "四(二)"


def test_sentences_know_their_clause():
    text = "一、总体要求\n(一)目标。到2025年。\n二、措施\n1.培育企业。一是建库。二是奖励。对新认定的企业奖励10万元。\n第五条 对企业奖励。\n"
    got = [(s.clause, s.text) for s in sentences(lines(text))]
    assert ("二、1 二是", "二是奖励。") in got and ("二、1 二是", "对新认定的企业奖励10万元。") in got
    assert ("一(一)", "到2025年。") in got and ("第五条", "对企业奖励。") in got


@pytest.mark.parametrize(
    "line",
    [
        "欢迎访问专精特新认定网,如有认定需求,欢迎联系我们在线客服:15915898572",
        "全国咨询热线",
        "您的位置:首页>奖励政策",
        "发布日期:2024-07-1809:26浏览次数:",
        "2023-09-07",
        "西宁市人民政府公报2023年6期",
        "Copyright©2022-2023潮盛企业管理咨询中心版权所有备案号:粤ICP备2022013427号网站地图",
        "招商热线:400-107-6681",
        "lll",
        "专精特新ad2",
    ],
)
def test_page_furniture(line):
    assert furniture(line)


def test_the_document_is_not_furniture():
    assert not furniture("对新认定的国家级专精特新“小巨人”企业,给予一次性奖励100万元。")
    assert not furniture("宁政办〔2023〕32号") and not furniture("2023年6月16日")


def test_window_from_the_text():
    head = "某市人民政府关于印发某市若干政策的通知\n某政发〔2026〕1号\n某市人民政府\n2026年3月15日\n"
    m = read(lines(head + "本政策自2026年4月1日起施行,有效期三年。\n"))
    assert (m.number, m.issued, m.start, m.end) == (
        "某政发〔2026〕1号",
        dt.date(2026, 3, 15),
        dt.date(2026, 4, 1),
        dt.date(2029, 3, 31),
    )
    assert any("推算" in n for n in m.notes)
    m = read(lines(head + "本政策自印发之日起施行,有效期至2028年12月31日。\n"))
    assert (m.start, m.end, m.title, m.issuer) == (
        dt.date(2026, 3, 15),
        dt.date(2028, 12, 31),
        "某市若干政策",
        "某市人民政府",
    )


def test_a_cited_number_is_another_documents():
    m = read(lines("某市行动方案(2021—2023年)\n根据《省政府关于…的通知》(鄂政办发〔2020〕61号)要求,制定本方案。\n"))
    assert m.number is None and (m.start, m.end) == (dt.date(2021, 1, 1), dt.date(2023, 12, 31))


# -------------------------------------------------------------------------------------------- the writer


def _reads_back(value: object, flow: bool) -> object:
    doc = f"a: {{b: {emit.scalar(value, True)}}}\n" if flow else f"a: {emit.scalar(value)}\n"
    data, _ = safeyaml.load(doc)
    assert isinstance(data, dict)
    return data["a"]["b"] if flow else data["a"]


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40))
def test_every_string_reads_back_as_itself(text):
    assert _reads_back(text, flow=False) == text
    assert _reads_back(text, flow=True) == text


@pytest.mark.parametrize(
    "text",
    [
        "true",
        "yes",
        "null",
        "~",
        "010",
        "1:20",
        "1e3",
        "2024-01-01",
        "- a",
        "a: b",
        "a #b",
        "#",
        '"',
        "'",
        "",
        " x",
        "\u2028",
        "\ufeff",
        "{a}",
        "[1]",
        "*alias",
        "&a",
        "!!str",
        "%x",
        "@x",
        "`x",
        "对新认定的…,给予50万元",
    ],
)
def test_strings_yaml_would_misread_are_quoted(text):
    assert _reads_back(text, flow=False) == text and _reads_back(text, flow=True) == text


def test_a_whole_draft_reads_back(tmp_path):
    from zjtx.places import resolve_city
    from zjtx.policy.draft import draft

    d = draft(
        '某市人民政府关于若干政策的通知\n一、对新认定的国家级专精特新"小巨人"企业,奖励50万元。\n'.encode(),
        resolve_city("杭州"),
    )
    data, _ = safeyaml.load(d.yaml(["header: with # and: colons"]))
    assert data == d.document


@pytest.mark.parametrize(
    "text",
    ["一" * 5000 + "万元", "1" * 5000 + "万元", "奖励12345678901234万元", "9" * 20 + ".5%", "两" * 13 + "亿元"],
    ids=["chinese-run", "digit-run", "beyond-1万亿", "long-rate", "13-numerals"],
)
def test_hostile_numbers_are_no_amount(text):
    """Never a crash (int() refuses 4,300 digits) and never a number read from the end of a longer one."""
    assert numerals.money(text) == [] and numerals.rates(text) == []


def test_lines_wrapped_mid_sentence_are_joined():
    text = "一、支持企业\n对新认定的国家级专精特新小巨人企业,给予企业一次性奖\n励100万元。\n二、附则\n某市人民政府关于印发某某若干措施的通知\n某政发〔2026〕1号\n"
    got = [line.norm for line in lines(text)]
    assert got == [
        "一、支持企业",
        "对新认定的国家级专精特新小巨人企业,给予企业一次性奖励100万元。",
        "二、附则",
        "某市人民政府关于印发某某若干措施的通知",
        "某政发〔2026〕1号",
    ]
    joined = lines(text)[1]
    assert joined.quote(0, len(joined.norm)) == "对新认定的国家级专精特新小巨人企业,给予企业一次性奖励100万元。"
