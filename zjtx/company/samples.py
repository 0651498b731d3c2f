"""Filled example companies, one per supported city, for ``zjtx init --example CITY``. They match
``examples/<city>.toml`` field for field (a test keeps them in step)."""

from __future__ import annotations

import datetime as dt

D = dt.date

SAMPLES: dict[str, dict] = {
    "370700": {
        "company": {"name": "潍坊示例精密机械有限公司", "city": "潍坊市", "district": "寿光市"},
        "recognitions": [
            {"title": "little_giant", "level": "national", "date": D(2024, 7, 15)},
            {"title": "zjtx_sme", "level": "provincial", "date": D(2025, 3, 20), "review": True},
            {"title": "standard", "level": "national", "date": D(2024, 9, 1)},
            {"title": "smart_factory", "level": "provincial", "date": D(2025, 4, 10)},
            {"title": "green_factory", "level": "provincial", "date": D(2025, 1, 10)},
        ],
        "projects": [
            {
                "type": "equipment_upgrade",
                "name": "数控加工中心技改",
                "date": D(2024, 5, 1),
                "equipment_cost": "3000万",
            },
            {"type": "first_set_insurance", "name": "高精度减速器首台套", "date": D(2025, 6, 1), "premium": "80万"},
            {"type": "equipment_upgrade", "name": "二期产线", "date": D(2026, 3, 1), "equipment_cost": "1200万"},
        ],
    },
    "630100": {
        "company": {"name": "西宁示例新材料科技有限公司", "city": "西宁市", "district": "城北区"},
        "recognitions": [
            {"title": "high_tech", "date": D(2023, 11, 20)},
            {"title": "zjtx_sme", "level": "provincial", "date": D(2024, 6, 1)},
            {"title": "tech_sme", "level": "municipal", "date": D(2023, 5, 10)},
        ],
        "projects": [
            {
                "type": "tech_transfer",
                "name": "锂电隔膜技术引进转化",
                "date": D(2024, 9, 1),
                "rd_investment": "1500万",
                "tax_paid_3y": "260万",
            }
        ],
    },
    "371100": {
        "company": {"name": "日照示例汽车零部件有限公司", "city": "日照市", "district": "东港区"},
        "recognitions": [
            {"title": "little_giant", "level": "national", "date": D(2023, 8, 1)},
            {"title": "gazelle", "level": "provincial", "date": D(2022, 12, 1)},
            {"title": "design_institute", "level": "provincial", "date": D(2022, 6, 1)},
        ],
        "projects": [
            {
                "type": "design_outsourcing",
                "name": "为本市企业承接的工业设计服务(上半年)",
                "date": D(2023, 5, 20),
                "contract_amount": "80万",
            },
            {
                "type": "design_outsourcing",
                "name": "为本市企业承接的工业设计服务(下半年)",
                "date": D(2023, 11, 30),
                "contract_amount": "150万",
            },
        ],
    },
    "421100": {
        "company": {"name": "黄冈示例纺织有限公司", "city": "黄冈市", "district": "麻城市"},
        "projects": [
            {
                "type": "tech_renovation",
                "name": "智能纺纱车间改造",
                "date": D(2022, 6, 30),
                "new_local_revenue": ["120万", "150万", "180万"],
            },
            {"type": "equipment_upgrade", "name": "染整设备更新", "date": D(2023, 3, 1), "equipment_cost": "2500万"},
        ],
    },
    "341300": {
        "company": {"name": "宿州示例家居有限公司", "city": "宿州市", "district": "萧县"},
        "recognitions": [{"title": "zjtx_sme", "level": "provincial", "date": D(2023, 5, 1)}],
        "projects": [
            {
                "type": "first_set_insurance",
                "name": "智能板式家具生产线首台套",
                "date": D(2023, 7, 1),
                "premium": "30万",
            }
        ],
    },
}
