"""Policy documents are input too (issue 14): a hostile or careless document gets one clear line per problem
and exit 1 — from `zjtx data check` and from every command that reads it with --data — never a crash,
a hang, a traceback or a silent misreading."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_data_check import BASE  # a valid document: test.one pays 最高50万 for a national 小巨人

from conftest import EXAMPLES, ROOT, company_toml, run

PROJECT = BASE.replace("{title: little_giant, level: national}", "{project: equipment_upgrade}").replace(
    "{up_to: 50万}", "{rate: 10%, of: equipment_cost}"
)

# (name, document text, (expected line or None, expected text of the message))
FINDINGS = [
    # internal errors before: AssertionError / unhashable type
    (
        "measure id a number",
        BASE.replace("  - id: test.one", "  - id: 5"),
        (7, "measures[0]: id: expected text, got the number 5"),
    ),
    (
        "measure id a list",
        BASE.replace("  - id: test.one", "  - id: [a]"),
        (7, "measures[0]: id: expected text, got a list"),
    ),
    (
        "document id empty",
        BASE.replace("id: test-doc", "id: ''"),
        (1, "document: id: missing; every document needs a stable id"),
    ),
    (
        "no titles",
        BASE.replace("{title: little_giant, level: national}", "{titles: []}"),
        (9, "test.one: trigger.titles: expected at least one title id"),
    ),
    (
        "rate base a list",
        PROJECT.replace("of: equipment_cost", "of: [x]"),
        (10, "test.one: rule.of: expected the name of a project amount, one of equipment_cost, got ['x']"),
    ),
    (
        "cap_of a list",
        PROJECT.replace("of: equipment_cost", "of: equipment_cost, cap_of: [x]"),
        (10, "test.one: rule.cap_of: expected the name of a project amount"),
    ),
    (
        "project a mapping",
        BASE.replace("{title: little_giant, level: national}", "{project: {a: 1}}"),
        (9, "test.one: trigger.project: unknown project type {'a': '1'}"),
    ),
    # silent misreadings before
    (
        "duplicate key, block",
        BASE.replace("    rule: {up_to: 50万}\n", "    rule: {up_to: 50万}\n    rule: {up_to: 90万}\n"),
        (11, 'the key "rule" appears twice in this mapping (first on line 10); give each key once'),
    ),
    (
        "duplicate key, flow",
        BASE.replace("{up_to: 50万}", "{up_to: 50万, up_to: 90万}"),
        (10, 'the key "up_to" appears twice'),
    ),
    (
        "YAML 1.1 octal",
        BASE.replace("{up_to: 50万}", "{amount: 010}"),
        (10, "test.one: rule.amount: '010' has a leading zero"),
    ),
    (
        "YAML 1.1 sexagesimal",
        BASE.replace("{up_to: 50万}", "{amount: 1:20}"),
        (10, "test.one: rule.amount: expected an amount such as 5000000"),
    ),
    ("hexadecimal", BASE.replace("{up_to: 50万}", "{amount: 0x10}"), (10, "got '0x10'")),
    ("exponent amount", BASE.replace("{up_to: 50万}", "{amount: 1e3}"), (10, "got '1e3'")),
    (
        "funding null",
        BASE.replace("funding: municipal", "funding: null"),
        (
            11,
            "test.one: funding: expected a payer (municipal …) or a mapping such as {provincial: 8/10, municipal: 2/10}, got null",
        ),
    ),
    (
        "document field a list",
        BASE.replace("title: 测试文件", "title: [a, b]"),
        (3, "test-doc: title: expected text, got a list"),
    ),
    (
        "optional field a list",
        BASE.replace("title: 测试文件", "title: 测试文件\nshort: [a]"),
        (4, "test-doc: short: expected text, got a list"),
    ),
    (
        "binary tag",
        BASE.replace("title: 测试文件", "title: 测试文件\nshort: !!binary aGVsbG8="),
        (4, "the YAML tag !!binary is not allowed"),
    ),
    (
        "set tag",
        BASE.replace("title: 测试文件", "title: 测试文件\nnotes: !!set {a, b}"),
        (4, "the YAML tag !!set is not allowed"),
    ),
    (
        "yes is not true",
        BASE.replace("funding: municipal", "funding: municipal\n    contingent: yes"),
        (12, "test.one: contingent: expected true or false, got 'yes'"),
    ),
    (
        "requires on a general trigger",
        BASE.replace("{title: little_giant, level: national}", "{general: true, requires: {title: little_giant}}"),
        (9, "test.one: trigger.requires: does not go with general"),
    ),
    (
        "unknown key in a district rule",
        BASE.replace(
            "funding: municipal",
            "funding: municipal\n    funding_by_district:\n      - {label: 区, districts: [寿光市], funding: county, nte: x}",
        ),
        (13, "test.one: funding_by_district[0].nte: unknown key"),
    ),
    (
        "a district name a list",
        BASE.replace(
            "funding: municipal",
            "funding: municipal\n    funding_by_district:\n      - {label: 区, districts: [[a]], funding: county}",
        ),
        (13, "test.one: funding_by_district[0].districts[0]: expected text, got a list"),
    ),
    # hangs and crashes before
    (
        "exponent rate",
        PROJECT.replace("rate: 10%", "rate: '1e-9999999'"),
        (
            10,
            'test.one: rule.rate: expected a rate such as "10%", "1/2" or 0.8 (at most 15 digits, no exponent), got \'1e-9999999\'',
        ),
    ),
    (
        "exponent share",
        BASE.replace("funding: municipal", "funding: {provincial: 1e-999999, municipal: 1}"),
        (11, "test.one: funding.provincial: expected a rate"),
    ),
    (
        "absurd share",
        BASE.replace("funding: municipal", f"funding: {{provincial: 1/{'9' * 5000}, municipal: 1}}"),
        (11, "test.one: funding.provincial: expected a rate"),
    ),
    (
        "nested 5000 deep",
        BASE.replace("title: 测试文件", "title: 测试文件\nnotes: " + "[" * 5000 + "]" * 5000),
        (4, "nested more than 32 levels deep"),
    ),
    (
        "alias",
        BASE.replace('city: "370700"', 'city: &c "370700"\nnotes: *c'),
        (3, "alias *c is not allowed; write the value out in full"),
    ),
    ("two documents", BASE + "---\n" + BASE, (14, "a second document (---) in the file")),
]


def _dir(tmp_path: Path, text: str | bytes, name: str = "doc.yaml") -> Path:
    d = tmp_path / "policies"
    d.mkdir(exist_ok=True)
    (d / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return d


def _company(tmp_path: Path) -> str:
    path = tmp_path / "c.toml"
    path.write_text(company_toml("潍坊市", [("little_giant", "national", "2026-03-01")]), encoding="utf-8")
    return str(path)


def _same_failure_everywhere(tmp_path: Path, d: Path, needle: str) -> str:
    """`data check` and `check --data` (and `policies --data`) fail alike: exit 1, nothing on stdout, the message."""
    checked = run("data", "check", str(d))
    assert checked.exit_code == 1, checked.stdout + checked.stderr
    assert checked.stdout == "" and "Traceback" not in checked.stderr and "internal error" not in checked.stderr
    assert needle in checked.stderr, checked.stderr
    errors = [line for line in checked.stderr.splitlines() if line.startswith("zjtx: error: ")]
    for command in (["check", _company(tmp_path), "--json", "--data", str(d)], ["policies", "--data", str(d)]):
        result = run(*command)
        assert result.exit_code == 1 and result.stdout == "", result.stdout + result.stderr
        assert result.stderr.splitlines() == errors  # the very same lines
    return checked.stderr


@pytest.mark.parametrize("name,text,expected", FINDINGS, ids=[f[0] for f in FINDINGS])
def test_each_finding_is_one_located_message(tmp_path, name, text, expected):
    line, needle = expected
    d = _dir(tmp_path, text)
    stderr = _same_failure_everywhere(tmp_path, d, needle)
    first = stderr.splitlines()[0]
    assert first.startswith(f"zjtx: error: {d}/doc.yaml:{line}: "), first
    assert needle in first


def test_duplicate_rule_never_pays_the_second_amount(tmp_path):
    # Before: the last `rule` won and 90万 was paid where the document says 最高50万.
    text = BASE.replace("    rule: {up_to: 50万}\n", "    rule: {up_to: 50万}\n    rule: {up_to: 90万}\n")
    result = run("check", _company(tmp_path), "--json", "--data", str(_dir(tmp_path, text)))
    assert result.exit_code == 1 and result.stdout == ""


def test_plain_numbers_are_read_by_the_amount_grammar(tmp_path, write):
    # `amount: 500000` (unquoted) is the text "500000" to the amount grammar: 500,000 yuan exactly; `1.5万`
    # likewise 15,000 — never a float.
    text = BASE.replace("{up_to: 50万}", "{amount: 500000}").replace(
        "  - id: test.one",
        "  - id: test.two\n    title: 第二项\n    trigger: {title: gazelle, level: provincial}\n"
        "    rule: {amount: 1.5万}\n    clause: 一(二)\n    quote: 对新认定的省级瞪羚企业给予1.5万元奖励。\n  - id: test.one",
    )
    company = write(
        company_toml("潍坊市", [("little_giant", "national", "2026-03-01"), ("gazelle", "provincial", "2026-04-01")])
    )
    result = run("check", company, "--json", "--data", str(_dir(tmp_path, text)))
    assert result.exit_code == 0, result.stderr
    awards = {a["policy"]: a["amount"] for a in json.loads(result.stdout)["awards"]}
    assert awards["test.one"] == 500000 and awards["test.two"] == 15000


def test_min_level_industry_matches_an_industry_standard(tmp_path, write):
    # A clause of our own: "主导制定行业及以上标准的企业, 给予10万元奖励" — 行业 and above: industry, national and
    # international standards are paid 10万; before, industry was left out of "at least" and never matched.
    text = BASE.replace("{title: little_giant, level: national}", "{title: standard, min_level: industry}").replace(
        "{up_to: 50万}", "{amount: 10万}"
    )
    data = str(_dir(tmp_path, text))
    for level in ("industry", "national", "international"):
        company = write(company_toml("潍坊市", [("standard", level, "2026-03-01")]), f"{level}.toml")
        result = run("check", company, "--json", "--data", data)
        assert result.exit_code == 0, result.stderr
        award = [a for a in json.loads(result.stdout)["awards"] if a["policy"] == "test.one"]
        assert len(award) == 1 and award[0]["amount"] == 100000 and award[0]["status"] == "eligible", level


# ------------------------------------------------------------------------------------ files and directories


def test_too_large_document_is_refused_unread(tmp_path):
    d = _dir(tmp_path, BASE + "notes: " + "长" * (600 * 1024) + "\n")  # 1.8 MB of UTF-8
    _same_failure_everywhere(tmp_path, d, "KiB, larger than the 1024 KiB limit; a policy document is a few dozen KiB")


@pytest.mark.parametrize("kind", ["dangling", "loop"])
def test_dangling_or_looping_link_is_reported_by_every_command(tmp_path, kind):
    d = _dir(tmp_path, BASE)
    if kind == "dangling":
        os.symlink("nowhere.yaml", d / "b.yaml")
        needle = f"{d}/b.yaml: a broken symbolic link (to nowhere.yaml); fix or remove it"
    else:
        os.symlink("b.yaml", d / "b.yaml")
        needle = f"{d}/b.yaml: a symbolic link loop; fix or remove it"
    _same_failure_everywhere(tmp_path, d, needle)
    assert run("cities", "--data", str(d)).exit_code == 1


def test_unreadable_subdirectory_is_reported_not_skipped(tmp_path, monkeypatch):
    d = _dir(tmp_path, BASE)
    locked = d / "more"
    locked.mkdir()
    import zjtx.policy.files as datafiles

    real = os.scandir

    def scandir(path):  # chmod 000 does not stop root (the CI user): deny it here
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(datafiles.os, "scandir", scandir)
    _same_failure_everywhere(tmp_path, d, f"{locked}: cannot read this directory: Permission denied")


def test_a_fifo_named_yaml_never_blocks(tmp_path):
    d = _dir(tmp_path, BASE)
    os.mkfifo(d / "pipe.yaml")
    _same_failure_everywhere(tmp_path, d, f"{d}/pipe.yaml: not a regular file; expected a policy document (YAML)")


# ------------------------------------------------------------------------ processes: crash, memory, -O


def _zjtx(*args: str, optimize: bool = False, env: dict | None = None, limit_memory: bool = False, timeout: float = 60):
    def limits():  # in the child only
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # 1 GiB: the alias bomb wanted far more

    command = [sys.executable] + (["-O"] if optimize else []) + ["-m", "zjtx", *args]
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        preexec_fn=limits if limit_memory else None,
    )


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["flow", "block"])
def test_30000_levels_deep_is_a_message_not_a_segfault(tmp_path, shape):
    # Before: libyaml's composer recursed in C and the process died of SIGSEGV (exit 139), no message.
    deep = "[" * 30000 + "]" * 30000 if shape == "flow" else "\n" + "- " * 30000 + "x"  # 60 KB either way
    d = _dir(tmp_path, BASE.replace("title: 测试文件", "title: 测试文件\nnotes: " + deep))
    for args in (["data", "check", str(d)], ["check", str(EXAMPLES / "weifang.toml"), "--data", str(d)]):
        result = _zjtx(*args)
        assert result.returncode == 1, (result.returncode, result.stderr[-500:])
        assert f"{d}/doc.yaml:" in result.stderr and "nested more than 32 levels deep" in result.stderr


ALIAS_BOMB = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]
id: bomb
city: "370700"
title: t
issuer: i
window: {from: null, to: null}
measures:
  - id: bomb.one
    title: t
    trigger: {general: true}
    rule: {unquantified: x}
    clause: c
    quote: q
    funding_by_district: [{label: l, districts: *i, funding: county}]
"""


@pytest.mark.slow
@pytest.mark.parametrize("where", ["districts", "city"])
def test_alias_bomb_is_refused_within_a_memory_limit(tmp_path, where):
    # 10⁹ elements once expanded (the last alias, in a field that is read). Before: past 1 GB in 30 s.
    text = ALIAS_BOMB if where == "districts" else ALIAS_BOMB.replace('city: "370700"', "city: *i")
    d = _dir(tmp_path, text)
    for args in (["data", "check", str(d)], ["check", str(EXAMPLES / "weifang.toml"), "--data", str(d)]):
        result = _zjtx(*args, limit_memory=True, timeout=60)
        assert result.returncode == 1, (result.returncode, result.stderr[-500:])
        assert f"{d}/doc.yaml:2: alias *a is not allowed; write the value out in full" in result.stderr


def test_validation_never_asserts():
    # `python -O` strips assert statements: no check of the input may be one.
    for name in (
        "policy/check.py",
        "policy/rules.py",
        "policy/fields.py",
        "policy/overlap.py",
        "policy/safeyaml.py",
        "policy/files.py",
        "policy/model.py",
        "money.py",
    ):
        tree = ast.parse((ROOT / "zjtx" / name).read_text(encoding="utf-8"))
        assert not [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Assert)], name


@pytest.mark.slow
def test_python_O_refuses_what_normal_runs_refuse_and_caches_nothing_wrong(tmp_path):
    # Before: validation relied on assert, so `python -O` accepted `titles: []` (a measure that can never
    # match), cached it, and normal runs were then served the cached catalog.
    d = _dir(tmp_path, BASE.replace("{title: little_giant, level: national}", "{titles: []}"))
    env = {"ZJTX_CACHE_DIR": str(tmp_path / "cache")}
    needle = f"{d}/doc.yaml:9: test.one: trigger.titles: expected at least one title id"
    for optimize in (True, False):
        for args in (["check", str(EXAMPLES / "weifang.toml"), "--data", str(d)], ["data", "check", str(d)]):
            result = _zjtx(*args, optimize=optimize, env=env)
            assert result.returncode == 1 and needle in result.stderr, (optimize, result.stderr)
    # and a valid document works under -O too
    (d / "doc.yaml").write_text(BASE, encoding="utf-8")
    assert _zjtx("check", _company(tmp_path), "--json", "--data", str(d), optimize=True, env=env).returncode == 0


# ------------------------------------------------------------------------------------------------ cache


def test_stale_cache_same_size_and_restored_mtime(tmp_path):
    # An edit that keeps the size, with the mtime restored (git checkout, rsync -t, touch -d): the cache
    # must not serve the old amount. 最高50万 → 最高90万, same number of bytes.
    env = {"ZJTX_CACHE_DIR": str(tmp_path / "cache")}
    d = _dir(tmp_path, BASE)
    company = _company(tmp_path)

    def amount():
        result = run("check", company, "--json", "--data", str(d), env=env)
        assert result.exit_code == 0, result.stderr
        return [a["amount"] for a in json.loads(result.stdout)["awards"] if a["policy"] == "test.one"]

    assert amount() == [500_000]
    assert len(list((tmp_path / "cache").glob("catalog-*.pickle"))) == 1  # the validated catalog was cached
    st = os.stat(d / "doc.yaml")
    edited = BASE.replace("{up_to: 50万}", "{up_to: 90万}")
    assert len(edited.encode()) == st.st_size
    (d / "doc.yaml").write_text(edited, encoding="utf-8")
    os.utime(d / "doc.yaml", ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.stat(d / "doc.yaml").st_size == st.st_size and os.stat(d / "doc.yaml").st_mtime_ns == st.st_mtime_ns
    assert amount() == [900_000]


def test_cache_key_covers_subpackages_and_optimize():
    from zjtx.policy import files as datafiles

    key = datafiles._cache_key([])
    assert key[2][0] == sys.flags.optimize
    # every .py below zjtx/, subpackages included, is hashed: changing the bytes of one changes the digest
    digests = []
    for root, _, names in os.walk(ROOT / "zjtx"):
        digests += [n for n in names if n.endswith(".py") and "cli" in root]
    assert digests  # zjtx/cli/ exists and holds modules
    import unittest.mock

    real_open = open
    seen = []

    def spy(path, *a, **k):
        seen.append(os.path.relpath(path, ROOT / "zjtx"))
        return real_open(path, *a, **k)

    with unittest.mock.patch("builtins.open", spy):
        datafiles._code_digest()
    assert {"cli/app.py", "render/table.py", "policy/files.py", "places.py"} <= set(seen)


# ------------------------------------------------------------------------------------------------ lines


def test_problems_are_located_precisely(tmp_path):
    text = BASE.replace(
        "{title: little_giant, level: national}",
        "\n      title: little_giant\n      level: national\n"
        "      requires:\n        - {title: gazelle}\n        - {title: gazele, min_level: provincial}",
    )
    d = _dir(tmp_path, text)
    result = run("data", "check", str(d))
    line = text.splitlines().index("        - {title: gazele, min_level: provincial}") + 1
    assert f"doc.yaml:{line}: test.one: trigger.requires[1].title: unknown title id 'gazele'" in result.stderr


def test_only_the_printed_problems_are_located(tmp_path):
    # 900 problems (5,000 took minutes before: each searched the text again). Now the first 50, the ones
    # printed, get their line from the parse; the others keep the file name.
    measure = "  - {{id: m{k}, title: t, trigger: {{general: true}}, rule: {{unquantified: x}}, clause: c, quote: q, bad: 1}}\n"
    text = BASE.split("measures:")[0] + "measures:\n" + "".join(measure.format(k=k) for k in range(900))
    d = _dir(tmp_path, text)
    result = run("data", "check", str(d))
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert errors[0] == f"zjtx: error: {d}/doc.yaml:7: m0: bad: unknown key; known: " + ", ".join(
        __import__("zjtx.policy.model", fromlist=["x"]).MEASURE_KEYS
    )
    assert errors[49].startswith(f"zjtx: error: {d}/doc.yaml:56: m49: bad: unknown key")
    assert errors[50:] == ["zjtx: error: … and 850 more problems", "zjtx: 900 problem(s) in the policy data"]
    from zjtx.policy.files import read_document

    _, problems = read_document(d / "doc.yaml")
    assert problems[49].file == f"{d}/doc.yaml:56" and problems[50].file == f"{d}/doc.yaml"


@pytest.mark.slow
def test_a_megabyte_of_values_or_problems_stays_small(tmp_path):
    # Within the 1 MiB limit a document could still hold a million values, or make a million problems:
    # both are bounded (100,000 values; 1,000 problems kept per file, the rest counted).
    head = BASE.split("measures:")[0]
    d = _dir(tmp_path, head + "notes: [" + "a," * 100_000 + "a]\n")
    _same_failure_everywhere(tmp_path, d, f"{d}/doc.yaml:6: more than 100,000 values in one document")
    measure = "  - {{id: m{k}, title: t, trigger: {{general: true}}, rule: {{unquantified: x}}, clause: c, quote: q, a: 1, b: 2}}\n"
    d = _dir(tmp_path, head + "measures:\n" + "".join(measure.format(k=k) for k in range(600)))
    result = run("data", "check", str(d))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == [
        "zjtx: error: … and 951 more problems",
        "zjtx: 1001 problem(s) in the policy data",
    ]
    from zjtx.policy.files import read_document

    _, problems = read_document(d / "doc.yaml")
    assert (
        len(problems) == 1001
        and str(problems[-1]) == f"{d}/doc.yaml: 200 more problems in this file, not listed; fix the ones above first"
    )


def test_caches_over_user_text_stay_small(tmp_path):
    # Before: the caches kept every raw text, so 600 valid company files with padded names held ~480 MB.
    # Now a long text (a valid name padded with spaces and brackets) resolves, uncached.
    from zjtx import places as cities
    from zjtx import vocab

    before = (vocab.resolve_title.cache_info().currsize, cities._resolve_city_text.cache_info().currsize)
    for k in range(30):
        pad = "【 " * (5_000 + k)
        path = tmp_path / f"c{k}.toml"
        path.write_text(
            f'[company]\nname = "公司{k}"\ncity = "{pad}潍坊{pad}"\n\n[[recognitions]]\n'
            f'title = "{pad}[little_giant]{pad}"\nlevel = "national"\ndate = 2024-07-15\n',
            encoding="utf-8",
        )
    result = run("check", str(tmp_path), "-f", "jsonl")
    assert result.exit_code == 0, result.stderr[-500:]
    assert len(result.stdout.splitlines()) == 30
    assert (vocab.resolve_title.cache_info().currsize, cities._resolve_city_text.cache_info().currsize) == before


def test_a_catalog_that_failed_validation_is_never_cached(tmp_path):
    # One valid and one broken document: nothing is cached, and the valid one alone is cached afterwards.
    env = {"ZJTX_CACHE_DIR": str(tmp_path / "cache")}
    d = _dir(tmp_path, BASE)
    (d / "broken.yaml").write_text(
        BASE.replace("test-doc", "test-doc-2")
        .replace("test.one", "test.two")
        .replace("{up_to: 50万}", "{up_to: 五十万}"),
        encoding="utf-8",
    )
    result = run("check", _company(tmp_path), "--json", "--data", str(d), env=env)
    assert result.exit_code == 1 and "test.two: rule.up_to" in result.stderr
    assert not list((tmp_path / "cache").glob("catalog-*.pickle"))
    (d / "broken.yaml").unlink()
    assert run("check", _company(tmp_path), "--json", "--data", str(d), env=env).exit_code == 0
    assert len(list((tmp_path / "cache").glob("catalog-*.pickle"))) == 1


# ------------------------------------------------------------ the depth bound, before any YAML library
# zjtx counts the levels itself (safeyaml.bound_depth), so its message does not depend on which PyYAML or
# libyaml reads the file: PyYAML 6.0.4's libyaml stops at 1,000 levels with a message of its own.

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from zjtx.policy import safeyaml  # noqa: E402

# Text that looks like structure to a careless count: brackets, quotes, comment signs and colons in values.
_TRICKY = st.sampled_from(
    ["[", "]", "{", "}", "'", '"', "#", ": ", "- ", "|", ">", "a", "b c", "宁政办〔2023〕32号", "\\", ","]
)
_TEXT = st.lists(_TRICKY, max_size=6).map("".join)


def _depth(value) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def _nested(depth: int, leaf):
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=3),
            st.dictionaries(st.sampled_from(["a", "id", "rule", "名"]), inner, min_size=1, max_size=3),
        ),
        max_leaves=depth * 3,
    )


@pytest.mark.slow
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    value=_nested(12, _TEXT), style=st.sampled_from([False, True, None]), width=st.sampled_from([5, 10, 20, 80, 10_000])
)
def test_depth_bound_counts_no_more_levels_than_the_document_has(value, style, width):
    import yaml

    text = yaml.safe_dump({"notes": value}, allow_unicode=True, default_flow_style=style, width=width)
    real = _depth(yaml.safe_load(text))
    original = safeyaml.MAX_DEPTH
    try:
        safeyaml.MAX_DEPTH = real  # exactly as deep as allowed: never refused
        safeyaml.bound_depth(text)
    finally:
        safeyaml.MAX_DEPTH = original


@pytest.mark.parametrize(
    "text, line",
    [
        ("notes: " + "[" * 33 + "]" * 33, 1),
        ("notes:\n" + "".join("  " * i + "- \n" for i in range(40)), 34),
        ("a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 40)), 33),
        ("notes:\n" + "- " * 40 + "x", 2),
        ("notes: '[[[[" + "[" * 40 + "'\nok: " + "{a: " * 33 + "1" + "}" * 33, 2),  # brackets in quotes are text
        ('notes: "a\n' + "[" * 40 + '"\nok: ' + "[" * 33 + "]" * 33, 3),  # a quote that runs on over lines
        ("notes: |\n  " + "[" * 40 + "\nok: " + "[" * 33 + "]" * 33, 3),  # a block scalar's lines are text
        ("notes: x # " + "[" * 40 + "\nok: " + "[" * 33 + "]" * 33, 2),  # so is a comment
    ],
)
def test_depth_bound_refuses_the_33rd_level_on_its_line(text, line):
    with pytest.raises(safeyaml.LoadError) as raised:
        safeyaml.bound_depth(text)
    assert raised.value.line == line and "nested more than 32 levels deep" in raised.value.message


@pytest.mark.parametrize(
    "text",
    [
        "notes: " + "[" * 31 + "]" * 31,  # the mapping and 31 lists: 32 levels
        "notes: '" + "[" * 40 + "'",
        "notes: it's [not] a list {a: b} " + "[" * 40,  # a plain value in a block line: its brackets are text
        'q: 对新认定的 [国家级] 企业\nr: "' + "{" * 40 + '"',
        # plain values folded over lines (as yaml.safe_dump writes them at a small width): the next lines are
        # text, though they open with [ or hold a quote
        "notes: 宁政办〔2023〕32号[-\n  " + "[" * 40 + "\n  - [ x\nok: 1",
        "{notes: {a: a-\n      ', id: '" + "[" * 40 + "'}}",
    ],
)
def test_depth_bound_lets_text_that_only_looks_deep_through(text):
    safeyaml.bound_depth(text)
