"""The README's quick start shows what its first command prints: the sample under the two commands is
``zjtx check examples/xining.toml`` as of the date its 截至 line names — its first lines exactly, and after
the "…" its last lines exactly (the table as a pipe gets it: 100 columns, no colour, the bundled data —
whatever COLUMNS, FORCE_COLOR or ZJTX_DATA the test runs with)."""

import re

from conftest import EXAMPLES, ROOT, run


def _sample() -> tuple[str, list[str], list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = text[: text.index("## A short tour")]
    assert "pip install . && zjtx check examples/xining.toml" in quick
    block = re.search(r"```\n(西宁示例.*?)```", quick, re.S)
    assert block, "README: no sample output under the quick start"
    lines = block.group(1).splitlines()
    day = re.search(r"截至 (\d{4}-\d{2}-\d{2}):", lines[1])
    assert day, f"README: the sample's second line names no 截至 date: {lines[1]!r}"
    cut = lines.index("  …")
    return day.group(1), lines[:cut], lines[cut + 1 :]


def test_the_quick_start_sample_is_what_the_command_prints():
    day, head, tail = _sample()
    plain = {"COLUMNS": None, "FORCE_COLOR": None, "ZJTX_DATA": None}
    result = run("check", str(EXAMPLES / "xining.toml"), "--as-of", day, env=plain)
    assert result.exit_code == 0, result.stderr
    printed = result.stdout.splitlines()
    assert printed[: len(head)] == head
    assert any(printed[k : k + len(tail)] == tail for k in range(len(printed))), "README: the sample's last lines"
