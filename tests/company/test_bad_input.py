"""The bad-input catalogue, each through the real CLI: exit 1, one clear line per problem on stderr
naming the file and the field, nothing on stdout, never a traceback."""

import pytest

from conftest import run

GOOD = '[company]\nname = "测试公司"\ncity = "潍坊市"\n'


def rec(title="little_giant", level='"national"', date="2024-07-15", extra=""):
    lv = f"level = {level}\n" if level is not None else ""
    return f'[[recognitions]]\ntitle = "{title}"\n{lv}date = {date}\n{extra}'


def proj(body):
    return "[[projects]]\n" + body


CATALOGUE = [
    # (name, file content, [substrings the message must contain])
    ("empty file", "", ["the file is empty"]),
    ("blank file", "  \n\n", ["the file is empty"]),
    ("malformed TOML", '[company]\nname = "x"\ncity = 潍坊\n', ["malformed TOML", "line 3, column 8"]),
    ("missing [company]", rec(), ["company: missing", "[company]"]),
    ("company not a table", 'company = "x"\n', ["company: expected a table"]),
    ("missing name", '[company]\ncity = "潍坊"\n', ["company.name: missing"]),
    ("empty name", '[company]\nname = ""\ncity = "潍坊"\n', ["company.name: must not be empty"]),
    ("missing city", '[company]\nname = "x"\n', ["company.city: missing", "潍坊市"]),
    (
        "unknown city",
        '[company]\nname = "x"\ncity = "杭洲"\n',
        ["company.city", 'unknown city "杭洲"', "杭州市 (浙江, 330100)"],
    ),
    (
        "苏州 is not 宿州: a 宿州 county under 苏州",
        '[company]\nname = "x"\ncity = "苏州"\ndistrict = "萧县"\n',
        ["company.district", '"萧县" is not a district of 苏州市', "萧县 of 宿州市 (安徽, 341300)", "吴中区"],
    ),
    (
        "bare suzhou is ambiguous",
        '[company]\nname = "x"\ncity = "suzhou"\n',
        ["company.city", "ambiguous", "苏州市 (江苏, 320500)", "宿州市 (安徽, 341300)", "suzhou-anhui"],
    ),
    (
        "朝阳 the city or 朝阳区",
        '[company]\nname = "x"\ncity = "朝阳"\n',
        ["company.city", "ambiguous", "朝阳市 (辽宁, 211300)", "朝阳区 (北京市 (110000)"],
    ),
    (
        "a county-level city is not a city",
        '[company]\nname = "x"\ncity = "寿光市"\n',
        ["company.city", "寿光市 (县级市) of 潍坊市", 'district = "寿光市"'],
    ),
    ("a province is not a city", '[company]\nname = "x"\ncity = "山东"\n', ["company.city", "is a province"]),
    (
        "a district of another city",
        '[company]\nname = "x"\ncity = "黄冈"\ndistrict = "潍坊高新区"\n',
        [
            "company.district",
            '"潍坊高新区" is not a district of 黄冈市',
            "its districts are 黄州区, 团风县",
            "黄冈高新区",
        ],
    ),
    (
        "a part of a district name",
        '[company]\nname = "x"\ncity = "黄冈"\ndistrict = "县"\n',
        ["company.district", '"县" is not a district of 黄冈市'],
    ),
    ("city typo", '[company]\nname = "x"\ncity = "weifnag"\n', ["did you mean 潍坊市"]),
    (
        "unknown title",
        GOOD + rec(title="litle_giant"),
        ["recognitions[0].title", 'unknown title "litle_giant"', '"little_giant"'],
    ),
    (
        "ambiguous 小巨人",
        GOOD + rec(title="小巨人"),
        ["recognitions[0].title", "ambiguous", "little_giant", "tech_little_giant"],
    ),
    (
        "level the title does not have",
        GOOD + rec(level='"provincial"'),
        ["recognitions[0].level", "little_giant has no provincial level", "national"],
    ),
    ("level typo", GOOD + rec(level='"nationl"'), ["recognitions[0].level", 'got "nationl"', '"national"']),
    (
        "level on a title without levels",
        GOOD + rec(title="above_scale"),
        ["recognitions[0].level", "above_scale has no level"],
    ),
    (
        "missing level",
        GOOD + rec(title="zjtx_sme", level=None),
        ["recognitions[0].level: missing", "provincial, municipal"],
    ),
    (
        "missing date",
        GOOD + '[[recognitions]]\ntitle = "little_giant"\nlevel = "national"\n',
        ["recognitions[0].date: missing"],
    ),
    ("malformed date", GOOD + rec(date='"2024-13-01"'), ["recognitions[0].date", "2024-13-01"]),
    ("date-time instead of date", GOOD + rec(date="2024-07-15T10:00:00"), ["recognitions[0].date", "date-time"]),
    (
        "review on a title with no re-review",
        GOOD + rec(title="gazelle", level='"provincial"', extra="review = true\n"),
        ["recognitions[0].review", "gazelle has no dynamic re-review"],
    ),
    ("review not a boolean", GOOD + rec(extra='review = "yes"\n'), ["recognitions[0].review", "true or false"]),
    (
        "unknown project type",
        GOOD + proj('type = "equipment"\ndate = 2024-01-01\n'),
        ["projects[0].type", '"equipment_upgrade"'],
    ),
    (
        "missing amount field",
        GOOD + proj('type = "equipment_upgrade"\ndate = 2024-01-01\n'),
        ["projects[0].equipment_cost: missing"],
    ),
    (
        "negative amount",
        GOOD + proj('type = "equipment_upgrade"\ndate = 2024-01-01\nequipment_cost = -5\n'),
        ["projects[0].equipment_cost", "zero or more"],
    ),
    (
        "zero amount",
        GOOD + proj('type = "equipment_upgrade"\ndate = 2024-01-01\nequipment_cost = 0\n'),
        ["projects[0].equipment_cost", "greater than 0"],
    ),
    (
        "non-numeric amount",
        GOOD + proj('type = "first_set_insurance"\ndate = 2024-01-01\npremium = true\n'),
        ["projects[0].premium", "expected an amount"],
    ),
    (
        "NaN amount",
        GOOD + proj('type = "equipment_upgrade"\ndate = 2024-01-01\nequipment_cost = nan\n'),
        ["projects[0].equipment_cost", "finite"],
    ),
    (
        "inf amount",
        GOOD + proj('type = "equipment_upgrade"\ndate = 2024-01-01\nequipment_cost = inf\n'),
        ["projects[0].equipment_cost", "finite"],
    ),
    (
        "absurd amount",
        GOOD + proj('type = "equipment_upgrade"\ndate = 2024-01-01\nequipment_cost = "2万亿"\n'),
        ["projects[0].equipment_cost", "above the limit of 1万亿"],
    ),
    (
        "万 string that does not parse",
        GOOD + proj('type = "equipment_upgrade"\ndate = 2024-01-01\nequipment_cost = "3千万"\n'),
        ["projects[0].equipment_cost", '"500万"'],
    ),
    (
        "too many yearly amounts",
        GOOD + proj('type = "tech_renovation"\ndate = 2022-01-01\nnew_local_revenue = [1, 2, 3, 4]\n'),
        ["projects[0].new_local_revenue", "1 to 3 yearly amounts"],
    ),
    ("unknown top-level key", "recognition = []\n" + GOOD, ['unknown key "recognition"', '"recognitions"']),
    (
        "top-level key written inside [company]",
        GOOD + "recognitions = []\n",
        ["company.recognitions", "belongs to that table", "[[recognitions]]"],
    ),
    ("unknown company key", '[company]\nname = "x"\ncity = "潍坊"\ncitty = "y"\n', ["company.citty", '"city"']),
    ("unknown recognition key", GOOD + rec(extra='levle = "x"\n'), ["recognitions[0].levle", '"level"']),
    (
        "unknown project key",
        GOOD + proj('type = "equipment_upgrade"\ndate = 2024-01-01\nequipment_cost = 1\nequipment_costs = 2\n'),
        ["projects[0].equipment_costs", '"equipment_cost"'],
    ),
    (
        "recognitions not an array of tables",
        'recognitions = "little_giant"\n' + GOOD,
        ["recognitions: expected an array of tables"],
    ),
    (
        # a title with no re-review is recognised once at each level (a later entry of a title that has one is
        # its re-review: see tests/awards/test_renewals.py)
        "the same recognition twice",
        GOOD + rec("gazelle", '"provincial"') + rec("gazelle", '"provincial"', date="2024-08-01"),
        ["recognitions[1]", "recognitions[0]", "same new recognition"],
    ),
    (
        "the same re-reviewable recognition twice on one day",
        GOOD + rec() + rec(),
        ["recognitions[1]", "recognitions[0]", "same new recognition"],
    ),
]


@pytest.mark.parametrize("name,content,needles", CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_catalogue(write, name, content, needles):
    path = write(content)
    result = run("check", path, "--json")
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"zjtx: error: {path}")
    for needle in needles:
        assert needle in result.stderr, f"{needle!r} not in {result.stderr!r}"


def test_every_problem_of_a_file_is_reported(write):
    path = write(
        '[company]\nname = "x"\ncity = "北平"\n'
        + rec(level='"provincial"')
        + proj('type = "nope"\ndate = 2024-01-01\n')
    )
    result = run("check", path)
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 1 and len(lines) == 3
    assert all(line.startswith(f"zjtx: error: {path}: ") for line in lines)


def test_missing_file():
    result = run("check", "no/such/company.toml", "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == "zjtx: error: no/such/company.toml: no such file\n"


def test_directory_where_a_file_is_expected(tmp_path):
    result = run("compare", str(tmp_path))
    assert result.exit_code == 1 and result.stdout == ""
    assert "is a directory" in result.stderr


def test_not_utf8_gbk(write):
    path = write(('[company]\nname = "测试公司"\ncity = "潍坊"\n').encode("gbk"))
    result = run("check", path, "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert "must be UTF-8" in result.stderr and "GBK" in result.stderr and "line 2" in result.stderr


def test_utf8_bom_is_fine(write):
    path = write(("\ufeff" + GOOD + rec()).encode("utf-8"))
    result = run("check", path, "--json")
    assert result.exit_code == 0, result.stderr


def test_file_far_too_large_is_refused_early(write):
    path = write(GOOD + "# " + "x" * (2 * 1024 * 1024) + "\n")
    result = run("check", path)
    assert result.exit_code == 1 and result.stdout == ""
    assert "larger than the 1024 KiB limit" in result.stderr


def test_stdin(write):
    ok = run("check", "-", "--json", input=GOOD + rec())
    assert ok.exit_code == 0 and '"policy": "weifang.little_giant"' in ok.stdout
    bad = run("check", "-", "--json", input="[company]\n")
    assert bad.exit_code == 1 and bad.stdout == "" and bad.stderr.startswith("zjtx: error: <stdin>: company.name")


def test_usage_error_is_exit_2(write):
    result = run("check", write(GOOD), "--format", "xml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert run("check").exit_code == 2
