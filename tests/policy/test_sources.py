"""The documents' texts ship with the data: every quote occurs in its document verbatim (after normalising
full-width against ASCII punctuation and whitespace, split on ……), the texts hold the document only, and
`zjtx policies show ID --source` prints the clause in its context."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from test_data_check import BASE, _write_doc

from conftest import ROOT, run

DATA = ROOT / "data"
YAMLS = sorted(DATA.glob("*/*.yaml"))


def _norm(text: str) -> str:
    """Written here, independently of zjtx.policy.sourcetext: NFKC folds full-width punctuation to ASCII; curly
    quotes become straight ones; whitespace is dropped."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans("“”‘’", "\"\"''"))
    return re.sub(r"\s+", "", text)


def _measures(path: Path):
    import yaml

    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    return doc, doc["measures"]


def test_every_bundled_document_ships_its_text():
    assert len(YAMLS) == 5
    for path in YAMLS:
        doc, _ = _measures(path)
        assert doc["source"].endswith(".txt") and "/" not in doc["source"]
        assert (path.parent / doc["source"]).is_file(), path


@pytest.mark.parametrize("path", YAMLS, ids=[p.parent.name for p in YAMLS])
def test_every_quote_occurs_in_its_document(path):
    doc, measures = _measures(path)
    text = _norm((path.parent / doc["source"]).read_text(encoding="utf-8"))
    for m in measures:
        pos = 0
        for part in re.split(r"…+", m["quote"]):
            part = _norm(part)
            if not part:
                continue
            found = text.find(part, pos)
            assert found >= 0, (m["id"], part)
            pos = found + len(part)


@pytest.mark.parametrize("path", YAMLS, ids=[p.parent.name for p in YAMLS])
def test_the_texts_hold_the_document_only(path):
    doc, _ = _measures(path)
    text = (path.parent / doc["source"]).read_text(encoding="utf-8")
    # The hosting pages' furniture: phone numbers, banners, link lists, view counters, copyright lines.
    for junk in (
        "15915898572",
        "400-107-6681",
        "咨询热线",
        "猜你喜欢",
        "APP下载",
        "Copyright",
        "浏览",
        "招商热线",
        "扫一扫",
        "关键词",
        "附招商电话",
        "您的位置",
    ):
        assert junk not in text, (path.name, junk)
    assert not re.search(r"1[3-9]\d{9}", text)  # no mobile phone numbers


def test_policies_show_source_prints_the_clause_in_context():
    result = run("policies", "show", "weifang.first_set_insurance", "--source", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    out = re.sub(r"\n *", "", result.stdout)  # folded at the terminal width
    assert "原文出处" in out
    # The quoted sentence and the sentence before it in the same paragraph (二(二)6).
    assert "对新认定的国家级、省级服务型制造示范企业" in out and "在享受省保险补偿政策基础上" in out
    result = run("policies", "show", "xining.above_scale", "--source", "--json")
    context = json.loads(result.stdout)["source_context"]
    assert context["found"] is True and context["file"] == "sme-gradient-cultivation.txt"
    (paragraph,) = context["paragraphs"]
    ((a, b),) = paragraph["quoted"]
    assert "上年度培育新增的规上工业企业" in paragraph["text"][a:b]
    assert paragraph["text"].startswith("1.培育一批规上工业企业行动")


@pytest.mark.slow
def test_data_check_refuses_a_quote_missing_from_the_text(tmp_path):
    d = Path(_write_doc(tmp_path, BASE.replace("measures:", "source: doc.txt\nmeasures:", 1)))
    (d / "doc.txt").write_text("一、对新认定的小巨人企业给予最高50万元奖励。\n", encoding="utf-8")
    assert run("data", "check", str(d)).exit_code == 0  # it occurs
    (d / "doc.txt").write_text("一、对新认定的小巨人企业给予最高30万元奖励。\n", encoding="utf-8")
    result = run("data", "check", str(d))
    assert result.exit_code == 1 and "test.one: quote: does not occur in doc.txt" in result.stderr


@pytest.mark.parametrize("name", ["../secret.txt", "/etc/passwd", "doc.yaml"])
def test_a_source_is_a_text_file_beside_the_document(tmp_path, name):
    d = _write_doc(tmp_path, BASE.replace("measures:", f"source: {json.dumps(name)}\nmeasures:", 1))
    result = run("data", "check", d)
    assert result.exit_code == 1 and "expected the name of a .txt file beside the policy file" in result.stderr
