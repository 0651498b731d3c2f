"""Issue 25, R3-6: a `supersedes` cycle (a↔b, a→c→b→a) passed `data check`, and then every document of the
cycle was superseded by another, so all their awards were dropped without a word. A cycle is a data error
naming its documents, in `data check` and in every command that reads the data."""

from __future__ import annotations

import json

import pytest
from test_data_check import BASE  # a valid document: test.one pays 最高50万 for a national 小巨人 (370700)

from conftest import company_toml, run


def _doc(doc_id: str, supersedes: list[str]) -> str:
    text = BASE.replace("id: test-doc", f"id: {doc_id}").replace("id: test.one", f"id: {doc_id}.one")
    return text + (f"supersedes: [{', '.join(supersedes)}]\n" if supersedes else "")


def _folder(tmp_path, docs: dict[str, list[str]]):
    d = tmp_path / "policies"
    d.mkdir()
    for doc_id, old in docs.items():
        (d / f"{doc_id}.yaml").write_text(_doc(doc_id, old), encoding="utf-8")
    return d


@pytest.mark.parametrize(
    "docs, cycle",
    [
        ({"a": ["b"], "b": ["a"]}, "a → b → a"),
        ({"a": ["c"], "b": ["a"], "c": ["b"]}, "a → c → b → a"),
        ({"a": ["b"], "b": ["c"], "c": ["b"]}, "b → c → b"),  # a replaces b, outside the cycle
    ],
    ids=["a-b", "a-c-b", "tail"],
)
def test_a_supersedes_cycle_is_a_data_error_naming_its_documents(tmp_path, docs, cycle):
    d = _folder(tmp_path, docs)
    members = sorted(set(cycle.split(" → ")))
    start = members[0]
    files = "; ".join(f"{m} in {d}/{m}.yaml" for m in members)
    expected = (
        f"zjtx: error: {d}/{start}.yaml: {start}: supersedes: a cycle: {cycle} ({files}); a document cannot "
        "replace one that replaces it, even through others: remove the wrong supersedes entry"
    )
    checked = run("data", "check", str(d))
    assert checked.exit_code == 1, checked.stdout + checked.stderr
    assert [line for line in checked.stderr.splitlines() if line.startswith("zjtx: error:")] == [expected]
    company = tmp_path / "c.toml"
    company.write_text(company_toml("潍坊市", [("little_giant", "national", "2026-03-01")]), encoding="utf-8")
    result = run("check", str(company), "--json", "--data", str(d))  # no award is dropped silently
    assert result.exit_code == 1 and result.stdout == ""
    assert expected in result.stderr.splitlines()


def test_a_chain_without_a_cycle_still_supersedes(tmp_path):
    # c replaces b, b replaces a: a chain, not a cycle. A company recognised inside the windows gets c's
    # award only (the same 最高50万 clause in each: a and b are superseded).
    d = _folder(tmp_path, {"a": [], "b": ["a"], "c": ["b"]})
    assert run("data", "check", str(d)).exit_code == 0
    company = tmp_path / "c.toml"
    company.write_text(company_toml("潍坊市", [("little_giant", "national", "2026-03-01")]), encoding="utf-8")
    result = run("check", str(company), "--json", "--data", str(d))
    assert result.exit_code == 0, result.stderr
    status = {a["policy"]: a["status"] for a in json.loads(result.stdout)["awards"] if a["policy"][0] in "abc"}
    assert status == {"a.one": "superseded", "b.one": "superseded", "c.one": "eligible"}
