"""The table a consultant reads: Chinese text wraps (never cut with …), user text prints literally,
totals and the lists after the table are there, and terminal manners hold."""

import pytest

from zjtx.io.env import Environment

from conftest import EXAMPLES, company_toml, run


def table(path, *extra, width=100, tty=False, environ=None):
    env = Environment(stdout_isatty=tty, width=width, environ=environ or {})
    result = run("check", path, *extra, obj=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("city", ["weifang", "xining", "rizhao", "huanggang", "suzhou"])
@pytest.mark.parametrize("width", [80, 100, 140])
def test_examples_render_without_ellipsis(city, width):
    out = table(str(EXAMPLES / f"{city}.toml"), width=width)
    # nothing cut with "…": the only ones are the documents' own (a reading's question quotes 研究院……每年)
    assert "…" not in out.replace("……", "")
    assert max(len(line) for line in out.splitlines()) <= width + 40  # CJK counts double in len(); no overflow rows
    assert "\x1b[" not in out  # no colour when stdout is not a terminal


def test_weifang_table_content():
    out = table(str(EXAMPLES / "weifang.toml"), width=140)
    compact = out.replace(" ", "").replace("\n", "")
    assert '新认定国家级专精特新"小巨人"企业奖励' in compact
    assert "最高80" in compact  # 万元, marked 最高 (三(二): 最高80万元)
    assert "合计" in compact and "最高466" in compact  # hand total: see test_weifang.test_example_file_total
    assert "已过期" in compact  # the 2026 project
    assert "未载明金额" in compact and "绿色工厂" in compact  # unquantified, listed after the table
    for col in ("省级", "市级", "县级", "未明确"):  # wide: one column per payer level
        assert col in out


def test_company_name_with_markup_prints_literally(write):
    path = write(company_toml("潍坊", [("little_giant", "national", "2024-07-15")], name="测试[/b]公司[bold]x"))
    out = table(path)
    assert "测试[/b]公司[bold]x" in out


def test_colour_only_on_a_terminal_and_never_with_no_color():
    path = str(EXAMPLES / "weifang.toml")
    assert "\x1b[" in table(path, tty=True, environ={"TERM": "xterm"})
    assert "\x1b[" not in table(path, tty=True, environ={"TERM": "xterm", "NO_COLOR": "1"})


def test_explain_shows_the_steps():
    out = table(str(EXAMPLES / "xining.toml"), "--explain", width=140).replace(" ", "")
    assert "转移转化项目研发总投入15,000,000.00元×20%=3,000,000.00元" in out.replace("\n", "")


def test_no_award_company_says_so(write):
    out = table(write(company_toml("潍坊市", [("zjtx_sme", "provincial", "2024-07-15")])))
    assert "未找到可计算金额的奖励" in out
