"""The fast batch path is the same behaviour (issue 23): a batch's bytes — ``check DIR -f jsonl`` and
``check DIR --json``, with ``-j 1`` and ``-j 2`` — are built from exactly what the single checks of its
files say. Each JSON Lines line is the single ``check FILE --json`` document, compact, with the file
named; the batch's JSON array holds the same documents. The per-city parts encoded once per city (the
city, its documents, its other measures) are what each company's own check says."""

import json
import shutil

import pytest

from zjtx.awards.jsontext import compact

from conftest import EXAMPLES, run

AS_OF = ("--as-of", "2025-06-30")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    top = tmp_path_factory.mktemp("batch") / "clients"
    top.mkdir()
    examples = sorted(EXAMPLES.glob("*.toml"))
    for i in range(3 * len(examples)):  # every city three times, interleaved: the per-city parts reused
        shutil.copy(examples[i % len(examples)], top / f"c{i:02d}_{examples[i % len(examples)].name}")
    return top


@pytest.fixture(scope="module")
def singles(folder):
    out = {}
    for path in sorted(folder.iterdir()):
        result = run("check", str(path), "--json", *AS_OF)
        assert result.exit_code == 0, result.stderr
        out[str(path)] = json.loads(result.stdout)
    return out


def _expected_line(path, document):
    assert document["file"] == path
    return compact(document).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_jsonl_line_is_the_single_check_of_its_file(folder, singles, jobs):
    result = run("check", str(folder), "-f", "jsonl", "-j", jobs, *AS_OF)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.split("\n")
    assert lines[-1] == ""
    assert lines[:-1] == [_expected_line(path, doc) for path, doc in singles.items()]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_batch_json_array_holds_the_single_checks_in_order(folder, singles, jobs):
    result = run("check", str(folder), "--json", "-j", jobs, *AS_OF)
    assert result.exit_code == 0, result.stderr
    documents = json.loads(result.stdout)
    assert [doc["file"] for doc in singles.values()] == list(singles)  # a single check names its file too
    assert documents == list(singles.values())
    assert [list(doc) for doc in documents] == [list(doc) for doc in singles.values()]  # keys in the same order


def test_j1_and_j2_are_the_same_bytes(folder):
    for fmt in ("jsonl", "json"):
        one = run("check", str(folder), "-f", fmt, "-j", "1", *AS_OF)
        two = run("check", str(folder), "-f", fmt, "-j", "2", *AS_OF)
        assert one.stdout_bytes == two.stdout_bytes and one.stderr == two.stderr
