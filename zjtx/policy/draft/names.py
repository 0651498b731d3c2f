"""Ids for what a draft declares (titles and project types zjtx lacks, their amount fields) and for its
measures: English snake_case from the Chinese name, word by word from a small glossary (企业技术中心 →
enterprise_tech_center, 研发费用增量 → rd_increase, 首发上市 → listing), or a numbered fallback when the
glossary does not cover the name. Pure.
"""

from __future__ import annotations

import re

#: Chinese words → id words, longest first when matched. Extend freely: only generated ids depend on it.
GLOSSARY = {
    "企业技术中心": "enterprise_tech_center",
    "工程技术研究中心": "engineering_tech_research_center",
    "工程研究中心": "engineering_research_center",
    "技术创新中心": "tech_innovation_center",
    "制造业创新中心": "manufacturing_innovation_center",
    "产业创新中心": "industry_innovation_center",
    "重点实验室": "key_lab",
    "新型研发机构": "new_rd_institution",
    "技术创新示范企业": "tech_innovation_demo_enterprise",
    "首发上市": "listing",
    "上市": "listing",
    "挂牌": "listed",
    "新三板": "neeq",
    "北交所": "bse",
    "主板": "main_board",
    "科创板": "star_market",
    "创业板": "chinext",
    "境内": "domestic",
    "境外": "overseas",
    "境内外": "domestic_overseas",
    "资本市场": "capital_market",
    "主要": "",
    "研发费用": "rd",
    "研发投入": "rd",
    "增量": "increase",
    "增长": "growth",
    "贷款贴息": "loan_interest_subsidy",
    "贷款利息": "loan_interest",
    "贴息": "interest_subsidy",
    "利息": "interest",
    "贷款": "loan",
    "担保费": "guarantee_fee",
    "保费": "premium",
    "首版次软件": "first_version_software",
    "首批次新材料": "first_batch_material",
    "首版次": "first_version",
    "首批次": "first_batch",
    "软件": "software",
    "新材料": "new_material",
    "隐形冠军": "hidden_champion",
    "领军企业": "leading_enterprise",
    "链主企业": "chain_leader",
    "质量奖": "quality_award",
    "科学技术奖": "science_tech_award",
    "科技进步奖": "science_tech_award",
    "奖": "award",
    "部分": "",
    "单价": "unit_price",
    "价格": "price",
    "完成": "completed",
    "中国": "china",
    "提名奖": "nomination_award",
    "提名": "nomination",
    "市长质量奖": "mayor_quality_award",
    "政府质量奖": "government_quality_award",
    "质量标杆": "quality_benchmark",
    "品牌": "brand",
    "商标": "trademark",
    "驰名商标": "well_known_trademark",
    "专利": "patent",
    "发明专利": "invention_patent",
    "知识产权": "ip",
    "两化融合": "informatization",
    "贯标": "standard_compliance",
    "上云": "cloud",
    "标杆": "benchmark",
    "数字化转型": "digital_transformation",
    "数字化": "digital",
    "智能化": "smart",
    "改造": "renovation",
    "技术改造": "tech_renovation",
    "设备": "equipment",
    "投资额": "investment",
    "投资": "investment",
    "购置": "purchase",
    "实际": "actual",
    "额": "amount",
    "总额": "total",
    "金额": "amount",
    "营业收入": "revenue",
    "主营业务收入": "revenue",
    "销售收入": "sales",
    "产值": "output",
    "税收": "tax",
    "纳税": "tax",
    "地方": "local",
    "贡献": "contribution",
    "新增": "new",
    "新建": "new",
    "规上": "above_scale",
    "规模以上": "above_scale",
    "工业": "industrial",
    "企业": "enterprise",
    "中小企业": "sme",
    "示范": "demo",
    "基地": "base",
    "园区": "park",
    "平台": "platform",
    "中心": "center",
    "技术": "tech",
    "科技": "tech",
    "创新": "innovation",
    "工程": "engineering",
    "研究": "research",
    "研究院": "research_institute",
    "实验室": "lab",
    "工作站": "workstation",
    "院士": "academician",
    "博士后": "postdoc",
    "人才": "talent",
    "团队": "team",
    "项目": "project",
    "产品": "product",
    "服务": "service",
    "设计": "design",
    "绿色": "green",
    "低碳": "low_carbon",
    "节能": "energy_saving",
    "工厂": "factory",
    "车间": "workshop",
    "总部": "headquarters",
    "奖励": "award",
    "补助": "subsidy",
    "补贴": "subsidy",
    "省级": "provincial",
    "国家级": "national",
    "市级": "municipal",
    "标准": "standard",
    "团体标准": "group_standard",
    "展会": "trade_fair",
    "参展": "exhibition",
    "出口": "export",
    "外贸": "foreign_trade",
    "电商": "ecommerce",
    "物流": "logistics",
    "租金": "rent",
    "厂房": "plant",
    "用电": "electricity",
    "电费": "electricity_cost",
    "培训": "training",
    "认证": "certification",
    "检测": "testing",
    "孵化器": "incubator",
    "众创空间": "maker_space",
    "专家": "expert",
    "首次": "first",
    "首台套": "first_set",
    "首台": "first_set",
    "重大": "major",
    "装备": "equipment",
    "集群": "cluster",
    "产业链": "industry_chain",
    "招商": "investment_promotion",
    "引进": "introduced",
    "落户": "located",
    "的": "",
    "和": "",
    "及": "",
    "与": "",
    "、": "",
}
_WORDS = sorted(GLOSSARY, key=len, reverse=True)


def english(name: str) -> str | None:
    """The name in id words when the glossary covers every character of it (brackets and quotes ignored);
    else None."""
    text = re.sub(r"[\s\"'“”‘’()（）《》〈〉<>\[\]【】·・]", "", name)
    words: list[str] = []
    at = 0
    while at < len(text):
        word = next((w for w in _WORDS if text.startswith(w, at)), None)
        if word is None:
            return None
        if GLOSSARY[word] and (not words or words[-1] != GLOSSARY[word]):
            words.append(GLOSSARY[word])
        at += len(word)
    return "_".join(words) or None


class Ids:
    """Hands out ids that are unique within a draft and clash with none of ``taken`` (the bundled vocabulary)."""

    def __init__(self, taken: set[str] | None = None, prefix: str = ""):
        self.taken = set(taken or ())
        self.counters: dict[str, int] = {}
        self.prefix = prefix  # of an id made up (title_1): the place's pinyin, so two places' drafts never clash

    def new(self, wanted: str | None, fallback: str) -> str:
        base = wanted if wanted and re.fullmatch(r"[a-z][a-z0-9_]{0,59}", wanted) else None
        if base is None:
            self.counters[fallback] = self.counters.get(fallback, 0) + 1
            base = (
                f"{self.prefix}_{fallback}_{self.counters[fallback]}"
                if self.prefix
                else f"{fallback}_{self.counters[fallback]}"
            )
        out, k = base, 1
        while out in self.taken:
            k += 1
            out = f"{base}_{k}"
        self.taken.add(out)
        return out


class Declared:
    """The titles and project types a draft declares (issue 20's ``titles:`` / ``projects:``), by name."""

    def __init__(self, ids: Ids):
        self.ids = ids
        self.titles: dict[str, dict] = {}
        self.projects: dict[str, dict] = {}

    def title(self, name: str, levels: tuple[str, ...], review: bool) -> str:
        entry = self.titles.get(name)
        if entry is None:
            entry = {"id": self.ids.new(english(name), "title"), "name": name, "levels": [], "review": False}
            self.titles[name] = entry
        for lv in levels:
            if lv not in entry["levels"]:
                entry["levels"].append(lv)
        entry["review"] = entry["review"] or review
        return entry["id"]

    def project(self, name: str, field_name: str) -> tuple[str, str]:
        """(project id, field id) of a project type whose amount field is ``field_name`` (the rate's base)."""
        entry = self.projects.get(name)
        if entry is None:
            entry = {"id": self.ids.new(english(name), "project"), "name": name, "fields": {}}
            self.projects[name] = entry
        for fid, fname in entry["fields"].items():
            if fname == field_name:
                return entry["id"], fid
        wanted = english(field_name)
        fid = (
            wanted
            if wanted and re.fullmatch(r"[a-z][a-z0-9_]{0,39}", wanted)
            else f"{entry['id'][:30]}_amount_{len(entry['fields']) + 1}"  # unique across types, as field ids are
        )
        while fid in entry["fields"]:
            fid += "_2"
        entry["fields"][fid] = field_name
        return entry["id"], fid
