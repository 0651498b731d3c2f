"""Generate N realistic company files (all five cities, a mix of titles and projects) into a directory.
Deterministic for a given seed. Used by benchmarks/run.py; runnable alone:

    python benchmarks/generate.py 10000 /tmp/companies
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

CITIES = ["潍坊市", "西宁市", "宿州市", "日照市", "黄冈市"]
DISTRICTS = {
    "潍坊市": ["寿光市", "奎文区", "潍城区"],
    "西宁市": ["城北区", "城东区", "湟中区"],
    "宿州市": ["萧县", "埇桥区"],
    "日照市": ["东港区", "莒县"],
    "黄冈市": ["麻城市", "黄州区", "武穴市"],
}
TITLES = [
    ("little_giant", "national"),
    ("zjtx_sme", "provincial"),
    ("innovative_sme", "provincial"),
    ("single_champion", "national"),
    ("single_champion", "provincial"),
    ("gazelle", "provincial"),
    ("high_tech", "national"),
    ("tech_sme", "municipal"),
    ("tech_little_giant", "provincial"),
    ("smart_factory", "provincial"),
    ("digital_workshop", "provincial"),
    ("standard", "national"),
    ("standard", "industry"),
    ("service_manufacturing", "provincial"),
    ("green_factory", "provincial"),
    ("design_institute", "provincial"),
    ("rd_center", "municipal"),
    ("unicorn", "provincial"),
]


def date(rng: random.Random) -> str:
    return f"{rng.randint(2021, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def company(i: int, rng: random.Random) -> str:
    city = rng.choice(CITIES)
    lines = [
        "[company]",
        f'name = "基准测试企业{i:05d}有限公司"',
        f'city = "{city}"',
        f'district = "{rng.choice(DISTRICTS[city])}"',
    ]
    for title, level in rng.sample(TITLES, rng.randint(1, 4)):
        lines += ["", "[[recognitions]]", f'title = "{title}"', f'level = "{level}"', f"date = {date(rng)}"]
    for _ in range(rng.randint(0, 3)):
        kind = rng.choice(
            ["equipment_upgrade", "first_set_insurance", "tech_transfer", "design_outsourcing", "tech_renovation"]
        )
        lines += ["", "[[projects]]", f'type = "{kind}"', f"date = {date(rng)}"]
        if kind == "equipment_upgrade":
            lines.append(f'equipment_cost = "{rng.randint(100, 9000)}万"')
        elif kind == "first_set_insurance":
            lines.append(f"premium = {rng.randint(50_000, 8_000_000)}")
        elif kind == "tech_transfer":
            lines += [f'rd_investment = "{rng.randint(50, 3000)}万"', f'tax_paid_3y = "{rng.randint(0, 800)}万"']
        elif kind == "design_outsourcing":
            lines.append(f"contract_amount = {rng.randint(10_000, 3_000_000)}.{rng.randint(0, 99):02d}")
        else:
            years = [f'"{rng.randint(0, 300)}万"' for _ in range(rng.randint(1, 3))]
            lines.append(f"new_local_revenue = [{', '.join(years)}]")
    return "\n".join(lines) + "\n"


def generate(n: int, directory: Path, seed: int = 2026) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for i in range(n):
        (directory / f"c{i:05d}.toml").write_text(company(i, rng), encoding="utf-8")
    return directory


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
