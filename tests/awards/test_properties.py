"""Properties that always hold, over generated valid companies and all bundled data, and fuzzing of
`zjtx check` with arbitrary bytes and arbitrary TOML. Bounded so the suite stays fast."""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal

import pytest
import tomli_w
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from zjtx import money, vocab
from zjtx.awards.engine import evaluate
from zjtx.company import fasttoml
from zjtx.company.model import parse_company
from zjtx.places import cities_with_documents, divisions_of
from zjtx.policy.files import load_catalog

from conftest import run

CATALOG = load_catalog()
DOCS = CATALOG.documents
CITIES = {c.code: c for c in cities_with_documents(d.city for d in DOCS)}
AS_OF = dt.date(2026, 11, 22)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

dates = st.dates(dt.date(2019, 1, 1), dt.date(2028, 12, 31))
yuan = (
    st.integers(1, 10**9).map(str)
    | st.decimals(Decimal("0.01"), Decimal(10**8), places=2).map(str)
    | st.integers(1, 99_999).map(lambda w: f"{w}万")
)
yuan_or_zero = st.just("0") | yuan
# Each city's districts: its county-level divisions and the zones its documents declare (or none).
DISTRICTS = {code: [None] + [d.name for d in divisions_of(code, CATALOG.zones.get(code, ()))] for code in CITIES}


@st.composite
def recognitions(draw):
    title = draw(st.sampled_from(sorted(vocab.TITLES)))
    t = vocab.TITLES[title]
    rec = {"title": title, "date": draw(dates)}
    if draw(st.integers(0, 3)) == 0:
        rec["name"] = draw(st.sampled_from(["GB/T 1-2024", "GB/T 2-2024", "平台A"]))
    if t.levels:
        rec["level"] = draw(st.sampled_from(t.levels))
    if t.review and draw(st.booleans()):
        rec["review"] = True
    return rec


@st.composite
def projects(draw):
    ptype = vocab.PROJECT_TYPES[draw(st.sampled_from(sorted(vocab.PROJECT_TYPES)))]
    proj = {"type": ptype.id, "date": draw(dates)}
    for name, kind in ptype.fields.items():
        values = yuan_or_zero if name in ptype.zero_ok else yuan
        proj[name] = draw(st.lists(values, min_size=1, max_size=3)) if kind == "amount_list" else draw(values)
    return proj


def _key(r):
    return (r["title"], r.get("level"), r.get("review", False), r["date"] if r.get("review") else None, r.get("name"))


@st.composite
def company_data(draw):
    return {
        "company": {
            "name": "性质测试公司",
            "city": (code := draw(st.sampled_from(list(CITIES)))),
            **({"district": d} if (d := draw(st.sampled_from(DISTRICTS[code]))) else {}),
        },
        "recognitions": draw(st.lists(recognitions(), max_size=6, unique_by=_key)),
        "projects": draw(st.lists(projects(), max_size=4)),
    }


def window_range(a):
    """The days the window is tested on: the trigger date, or the whole assessment year (上年度… measures)."""
    if a.measure.assessment == "following_year":
        year = a.date.year + 1
        assert a.assessment_year == year
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    assert a.assessment_year is None
    return a.date, a.date


def later_than_as_of(a):
    """A planned event, or an award whose round (the year after its event, 上年度…) begins after the as-of date."""
    return a.date > AS_OF or (a.assessment_year is not None and dt.date(a.assessment_year, 1, 1) > AS_OF)


def inside_window(a):
    """(inside the hard bounds, wholly inside the range where the document is certainly in force)."""
    w = a.document.window
    first, last = window_range(a)
    inside = (w.start is None or last >= w.start) and (w.end is None or first <= w.end)
    sure_start = w.start if w.start_bound is None else (w.start_bound.not_after or dt.date.max)
    sure_end = w.end if w.end_bound is None else (w.end_bound.not_before or dt.date.min)
    certain = (sure_start is None or first >= sure_start) and (sure_end is None or last <= sure_end)
    return inside, inside and certain


def reports(data):
    company = parse_company(data, "generated.toml", CATALOG.zones)
    return [evaluate(company, DOCS, city=c, as_of=AS_OF) for c in CITIES.values()]


@SETTINGS
@given(company_data())
def test_every_award_within_its_caps_and_shares_add_up(data):
    for report in reports(data):
        for a in report.awards + report.benefits:
            inside, certain = inside_window(a)  # the window is decided by the trigger date (or assessment year);
            # inside it, the as-of date decides: an event after it is projected (planned), never counted
            if inside:
                assert a.status == ("projected" if later_than_as_of(a) else "eligible")
                assert a.window_uncertain == (not certain)  # counted, but flagged where the window is a bound
            else:
                assert a.status in ("expired", "not_yet_in_force") and not a.window_uncertain
            if a.amount is None:
                assert a.bound in ("unquantified", "non_monetary")
                continue
            rule = a.measure.rule
            assert a.amount >= 0 and a.amount == money.to_fen(a.amount)
            if rule.form in ("amount", "up_to"):
                assert a.amount == rule.amount
            else:
                if rule.cap is not None:
                    assert a.amount <= rule.cap
                entries = a.trigger.get("entries") or [a.trigger["entry"]]
                projects = [p for p in report.company.projects if f"projects[{p.index}]" in entries]
                base = sum((p.base(rule.base) for p in projects), Decimal(0))
                assert a.amount <= money.to_fen(money.times(base, rule.rate))
                if rule.cap_of is not None:
                    assert a.amount <= sum((p.base(rule.cap_of) for p in projects), Decimal(0))
            assert sum(part for _, part in a.funding) == a.amount  # payer shares add up exactly


@SETTINGS
@given(company_data())
def test_totals_equal_the_sum_of_eligible_awards(data):
    for report in reports(data):
        counted = [a for a in report.awards if a.status == "eligible" and a.amount is not None]
        t = report.totals
        assert t.amount == sum((a.amount for a in counted), Decimal(0))
        assert sum(t.by_level.values()) == t.amount
        for level in t.by_level:
            assert t.by_level[level] == sum((p for a in counted for lv, p in a.funding if lv == level), Decimal(0))
        assert t.out_of_window == sum(1 for a in report.awards if a.status in ("expired", "not_yet_in_force"))
        projected = [a for a in report.awards if a.status == "projected"]
        assert t.projected_count == len(projected)
        assert t.projected == sum((a.amount or 0 for a in projected), Decimal(0))
        # every counted award is in exactly one certainty class, and the classes add up to the total
        assert sum(t.by_certainty.values()) == t.amount
        for cls in t.by_certainty:
            assert t.by_certainty[cls] == sum((a.amount for a in counted if a.certainty == cls), Decimal(0))
        for a in counted:
            expected = (
                "contingent"
                if a.measure.contingent
                else "selective"
                if a.measure.selective
                else "ceiling"
                if a.bound == "up_to"
                else "fixed"
            )
            assert a.certainty == expected


@SETTINGS
@given(company_data(), st.randoms(use_true_random=False))
def test_order_of_recognitions_and_projects_changes_nothing(data, rnd):
    shuffled = {**data, "recognitions": list(data["recognitions"]), "projects": list(data["projects"])}
    rnd.shuffle(shuffled["recognitions"])
    rnd.shuffle(shuffled["projects"])

    def summary(r):
        return r.totals, sorted((a.measure.id, str(a.amount), a.status, a.date) for a in r.awards)

    assert [summary(r) for r in reports(data)] == [summary(r) for r in reports(shuffled)]


@SETTINGS
@given(company_data(), st.integers(0, 3), st.sampled_from([Decimal(2), Decimal("1.5"), Decimal(10)]))
def test_an_amount_never_decreases_when_its_base_grows(data, which, factor):
    assume(data["projects"])
    grown = {**data, "projects": [dict(p) for p in data["projects"]]}
    p = grown["projects"][which % len(grown["projects"])]
    for name, value in list(p.items()):
        if name in vocab.FIELD_CN:
            if isinstance(value, list):
                p[name] = [str(money.parse_amount(v) * factor) for v in value]
            else:
                p[name] = str(money.parse_amount(value) * factor)

    def total(report, measure):
        return sum(
            (a.amount or 0 for a in report.awards if a.measure.id == measure and a.status == "eligible"), Decimal(0)
        )

    for before, after in zip(reports(data), reports(grown), strict=True):
        assert after.totals.amount >= before.totals.amount
        for measure in {a.measure.id for a in before.awards}:
            assert total(after, measure) >= total(before, measure)


@SETTINGS
@given(company_data())
def test_an_event_outside_its_window_never_counts(data):
    for report in reports(data):
        for a in report.awards:
            inside, _certain = inside_window(a)
            assert (a.status in ("eligible", "projected")) == inside
            assert (a.status == "projected") == (inside and later_than_as_of(a))
            if not inside or a.status == "projected":
                assert a.amount is None or a.counted is False


@SETTINGS
@given(company_data())
def test_every_event_is_accounted_for(data):
    """Awards, unmet conditions, benefits and unmatched together account for every recognition and project:
    nothing in the company file silently disappears, and an unmatched event triggered nothing."""
    for report in reports(data):
        triggered: set[str] = set()
        for t in [a.trigger for a in report.awards + report.benefits] + [u.trigger for u in report.unmet]:
            triggered.update(t.get("entries") or [t["entry"]])
        unmatched = [u.entry for u in report.unmatched]
        assert len(unmatched) == len(set(unmatched))
        assert not triggered & set(unmatched)
        events = {f"recognitions[{r.index}]" for r in report.company.recognitions} | {
            f"projects[{p.index}]" for p in report.company.projects
        }
        assert triggered | set(unmatched) == events
        for u in report.unmatched:
            assert u.reason in (
                "no_measure_for_title",
                "no_measure_for_level",
                "no_measure_for_review",
                "no_measure_for_new",
                "no_measure_for_project",
                "reading",
            )
            assert (u.nearest is None) == (u.reason in ("no_measure_for_title", "no_measure_for_project"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(company_data())
def test_json_output_is_byte_identical_across_runs(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("p") / "c.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    first = run("check", str(path), "--json", "--as-of", "2026-11-22")
    second = run("check", str(path), "--json", "--as-of", "2026-11-22")
    assert first.exit_code == 0, first.stderr
    assert first.stdout == second.stdout


# ------------------------------------------------------------------------------------- the TOML fast path

KEYS = st.sampled_from(
    [
        "name",
        "city",
        "title",
        "level",
        "date",
        "review",
        "type",
        "equipment_cost",
        "a-b",
        "x_1",
        "new_local_revenue",
        '"q"',
        "a.b",
        "",
        "中文",
    ]
)
SCALARS = st.sampled_from(
    [
        '"潍坊市"',
        "'lit'",
        '"esc\\"aped"',
        '""',
        "2024-07-15",
        "2024-13-01",
        "2024-07-15T10:00:00",
        "2024-07-15 10:00",
        "12",
        "-3",
        "0",
        "01",
        "+1",
        "1_000",
        "1.5",
        "-0.25",
        "1e5",
        "inf",
        "nan",
        "true",
        "false",
        "True",
        '"a" "b"',
        '"""m"""',
        '"3000万"',
        "{a = 1}",
    ]
)


@st.composite
def toml_lines(draw):
    kind = draw(st.sampled_from(["kv", "kv", "kv", "array", "table", "aot", "comment", "blank", "junk"]))
    ws = draw(st.sampled_from(["", " ", "\t", "  "]))
    if kind == "kv":
        return f"{ws}{draw(KEYS)}{ws}={ws}{draw(SCALARS)}{draw(st.sampled_from(['', ' # note', '#', ' x']))}"
    if kind == "array":
        items = draw(st.lists(SCALARS, max_size=4))
        return f"{draw(KEYS)} = [{', '.join(items)}{draw(st.sampled_from(['', ',', ' ,']))}]"
    if kind == "table":
        return f"{ws}[{ws}{draw(st.sampled_from(['company', 'projects', 'recognitions', 'a.b', '']))}{ws}]"
    if kind == "aot":
        return (
            f"[[{draw(st.sampled_from(['recognitions', 'projects', 'company']))}]]{draw(st.sampled_from(['', ' # c']))}"
        )
    if kind == "comment":
        return f"{ws}# {draw(st.text(max_size=10))}"
    if kind == "blank":
        return ws
    return draw(st.text(max_size=12))


@pytest.mark.slow
@settings(max_examples=600, deadline=None)
@given(st.lists(toml_lines(), max_size=12), st.sampled_from(["\n", "\r\n"]))
def test_fast_toml_path_agrees_with_tomllib_or_declines(lines, newline):
    text = newline.join(lines)
    fast = fasttoml.loads(text)
    if fast is None:
        return  # declined: tomllib decides (and reports any error)
    assert fast == tomllib.loads(text)


# ---------------------------------------------------------------------------------------------- fuzzing


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(tmp_path_factory, blob):
    path = tmp_path_factory.mktemp("f") / "c.toml"
    path.write_bytes(blob)
    result = run("check", str(path), "--json")
    assert result.exit_code in (0, 1), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    if result.exit_code == 1:
        assert result.stdout == ""


toml_values = st.recursive(
    st.none().map(lambda _: "x")
    | st.booleans()
    | st.integers(-(10**15), 10**15)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | dates
    | st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2030, 1, 1)),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
known = st.sampled_from(
    [
        "company",
        "recognitions",
        "projects",
        "name",
        "city",
        "title",
        "level",
        "date",
        "review",
        "type",
        "equipment_cost",
        "premium",
        "rd_investment",
        "tax_paid_3y",
        "contract_amount",
        "new_local_revenue",
        "district",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(
        known | st.text(max_size=8),
        toml_values | st.lists(st.dictionaries(known, toml_values, max_size=5), max_size=3),
        max_size=5,
    ),
    st.dictionaries(known, toml_values, max_size=5),
    st.booleans(),
)
@pytest.mark.slow
def test_arbitrary_toml_documents_never_crash(tmp_path_factory, doc, company, with_company):
    if with_company:
        doc["company"] = {**company, "city": company.get("city", "潍坊")}
    try:
        text = tomli_w.dumps(doc)
    except (TypeError, ValueError):
        assume(False)
    path = tmp_path_factory.mktemp("t") / "c.toml"
    path.write_text(text, encoding="utf-8")
    result = run("check", str(path), "--json")
    assert result.exit_code in (0, 1), (text, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
