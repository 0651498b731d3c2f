"""``zjtx plan``, free of typer: the options open to a company — new recognitions, re-reviews falling due,
projects — each with what it would add. Wiring only: zjtx.awards.plan computes, zjtx.awards.report and
zjtx.render present. Called by the typer command (zjtx/cli/plan.py) and the fast path (zjtx/cli/fast.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zjtx.cli.run.exits import Usage
from zjtx.cli.run.setup import is_binary, out_path, read_as, reading_notes, resolve_city_option, setup, usage_problems

if TYPE_CHECKING:
    from pathlib import Path

    from zjtx.io.env import Environment


def plan(
    env: Environment,
    file: str,
    fmt: str | None = None,
    as_json: bool = False,
    output: str | None = None,
    data: list[Path] | None = None,
    as_of: str | None = None,
    city: str | None = None,
    all_cities: bool = False,
    project: list[str] | None = None,
    reading: list[str] | None = None,
) -> None:
    """``zjtx plan``: what the company could go for next, ranked by amount."""
    chosen, day, catalog = setup(env, data, as_of, fmt, as_json, "plan", out_path(output))
    if city is not None and all_cities:
        raise Usage("use --city or --all-cities, not both", "--city")
    from zjtx.awards import whatif
    from zjtx.awards.plan import plan as make_plan
    from zjtx.company.file import load_company
    from zjtx.places import cities_with_documents
    from zjtx.policy.model import documents_for

    amounts = usage_problems(env, whatif.project_amounts, project or [])
    documents = read_as(catalog.documents, reading)
    with_docs = cities_with_documents(d.city for d in catalog.documents if d.scope != "central")
    chosen_city = resolve_city_option(city)
    if chosen_city is not None and not documents_for(catalog.documents, chosen_city.code):
        raise Usage(
            f"{chosen_city.name} ({chosen_city.code}) has no policy documents; cities with documents: "
            + ", ".join(f"{c.name} {c.code}" for c in with_docs),
            "--city",
        )
    _shown, company = load_company(file, env.inp, catalog.zones)
    if all_cities:
        cities = sorted(with_docs, key=lambda c: c.code != company.city.code)
    else:
        cities = [chosen_city or company.city]
    reading_notes(
        env,
        catalog.documents,
        reading,
        {c.code for c in cities},
        "the plan is for " + "、".join(c.name for c in cities),
    )
    options = [o for c in cities for o in make_plan(company, documents, city=c, as_of=day, projects=amounts)]
    from zjtx.io.outfile import Output
    from zjtx.render.writers import writer

    inputs = [file, *catalog.files] if output not in (None, "-") else ()
    with Output(output, env.out, inputs=inputs, binary=is_binary(chosen)) as out:
        writer("plan", chosen)(company, cities, options, day, documents, out, env)
