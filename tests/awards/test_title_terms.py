"""Each title's term (有效期) is recorded with its source (issue 10): 3 years for the MIIT 梯度培育 titles
(《优质中小企业梯度培育管理暂行办法》, 2022), for 高新技术企业 (《高新技术企业认定管理办法》) and for
制造业单项冠军."""

from zjtx.vocab import TITLES


def test_terms_of_the_ladder_titles_are_three_years_with_their_source():
    expected = {
        "innovative_sme": "优质中小企业梯度培育管理暂行办法",
        "zjtx_sme": "优质中小企业梯度培育管理暂行办法",
        "little_giant": "优质中小企业梯度培育管理暂行办法",
        "high_tech": "高新技术企业认定管理办法",
        "single_champion": "制造业单项冠军",
        "single_champion_product": "制造业单项冠军",
    }
    for tid, source in expected.items():
        assert TITLES[tid].term_years == 3, tid
        assert source in TITLES[tid].term_source, tid


def test_every_title_with_a_re_review_has_a_term():
    for t in TITLES.values():
        if t.review:
            assert t.term_years and t.term_source, t.id
