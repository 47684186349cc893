"""How registry text becomes index tokens and a query becomes token clauses (no database)."""

import pytest

from suppliers.enums import CertificationKind, Region, SizeClass, Tier
from suppliers.searchtokens import (
    MAX_WORDS,
    WORD_MARK,
    Word,
    facet_token,
    normalise,
    query_words,
    text_tokens,
    typed_words,
    words,
)

# --- text tokens ---------------------------------------------------------------------------------


def test_a_korean_run_becomes_its_bigrams_and_its_last_syllable():
    assert text_tokens("협동로봇 셀") == {"협동", "동로", "로봇", "봇", "셀"}


def test_a_two_syllable_korean_word_is_one_bigram_and_its_last_syllable():
    assert text_tokens("비전") == {"비전", "전"}


def test_a_latin_word_becomes_its_trigrams_and_the_marked_word():
    assert text_tokens("Robotics") == {
        "xwrobotics", "rob", "obo", "bot", "oti", "tic", "ics",
    }  # fmt: skip


def test_a_one_or_two_letter_latin_word_is_only_the_marked_word():
    assert text_tokens("AI 3D x") == {"xwai", "xw3d", "xwx"}


def test_latin_and_korean_runs_are_separate_words_even_without_a_space():
    assert words("AI비전 검사") == ["ai", "비전", "검사"]
    assert text_tokens("AI비전") == {"xwai", "비전", "전"}


def test_punctuation_separates_words_and_adds_no_token():
    assert words("식별·머신비전 (3D)!") == ["식별", "머신비전", "3d"]


def test_full_width_and_compatibility_forms_are_folded_to_plain_lower_case():
    assert normalise("ＲＯＢＯＴ") == "robot"
    assert text_tokens("ＲＯＢＯＴ") == text_tokens("robot")
    assert query_words("ＲＯＢＯＴ") == query_words("robot")
    assert normalise("㈜로봇") == "(주)로봇"


def test_empty_or_missing_text_has_no_tokens():
    assert text_tokens("") == set()
    assert text_tokens(None) == set()
    assert query_words("  ·!? ") == ()


# --- query words ---------------------------------------------------------------------------------


def test_a_two_syllable_query_is_one_bigram():
    assert query_words("로봇") == (Word(grams=("로봇",)),)


def test_a_longer_korean_query_is_the_fewest_bigrams_that_cover_it():
    assert query_words("머신비전") == (Word(grams=("머신", "비전")),)
    assert query_words("협동로봇") == (Word(grams=("협동", "로봇")),)
    # Odd length: the last bigram overlaps so that every syllable is held.
    assert query_words("스마트공장") == (Word(grams=("스마", "트공", "공장")),)


def test_a_latin_query_is_every_trigram_of_it():
    assert query_words("robot") == (Word(grams=("rob", "obo", "bot"), overlapping=True),)
    assert query_words("gyeongnam") == (
        Word(grams=("gye", "yeo", "eon", "ong", "ngn", "gna", "nam"), overlapping=True),
    )
    assert query_words("aaaa") == (Word(grams=("aaa",), overlapping=True),)  # each once


def test_a_latin_query_is_not_found_in_pieces_of_other_words():
    """A cover (gye, ong, nam) would find Gyeongnam in a Gyeongbuk firm exporting to Vietnam."""
    (word,) = query_words("Gyeongnam")
    assert not set(word.grams) <= text_tokens("Gyeongbuk; exports to Vietnam and Hong Kong")
    assert set(word.grams) <= text_tokens("Changwon, Gyeongnam")


def test_query_grams_are_all_among_the_tokens_of_the_text_they_should_find():
    for query, text in (
        ("비전", "머신비전 검사"),
        ("로봇", "협동로봇 셀"),
        ("robot", "Robotics"),
        ("센서", "스마트센서"),
        ("설비", "자동화설비"),
        ("inspection", "Machine-vision inspection"),
    ):
        (word,) = query_words(query)
        assert set(word.grams) <= text_tokens(text), query


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("로봇을", "로봇"),
        ("로봇이", "로봇"),
        ("비전에서", "비전"),
        ("공장에서는", "공장"),
        ("센서와", "센서"),
        ("설비로", "설비"),
        ("디스플레이", "디스플레"),
    ],
)
def test_a_particle_at_the_end_of_a_korean_query_word_is_cut(typed, word):
    assert query_words(typed) == query_words(word)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("MES를", "MES"),
        ("AI와 로봇", "AI 로봇"),
        ("PLC와 MES", "PLC MES"),
        ("3D로", "3D"),
        ("MES는", "MES"),
        ("ＭＥＳ를", "MES"),
        ("MES로는", "MES"),
        ("AI에는", "AI"),
        ("MES와의", "MES"),
        ("PLC이나 MES", "PLC MES"),
    ],
)
def test_a_particle_straight_after_a_latin_word_is_dropped(typed, meant):
    assert query_words(typed) == query_words(meant)
    assert typed_words(typed) == typed_words(meant)


def test_a_korean_word_after_a_latin_word_is_kept():
    assert query_words("PLC제어") == query_words("PLC 제어")
    # a particle standing alone is a word typed on purpose
    assert query_words("MES 를") == (Word(grams=("mes",), overlapping=True), Word(prefix="를"))


def test_a_particle_is_not_cut_when_less_than_two_syllables_would_remain():
    assert query_words("효과") == (Word(grams=("효과",)),)
    assert query_words("나이") == (Word(grams=("나이",)),)


def test_a_one_syllable_query_is_a_prefix():
    assert query_words("봇") == (Word(prefix="봇"),)


def test_a_one_or_two_letter_latin_query_is_a_prefix_of_the_marked_word():
    assert query_words("AI") == (Word(prefix="xwai"),)
    assert query_words("3D") == (Word(prefix="xw3d"),)
    assert query_words("a") == (Word(prefix="xwa"),)


def test_a_repeated_word_is_one_clause():
    assert query_words("로봇 로봇을 ROBOT robot") == (
        Word(grams=("로봇",)),
        Word(grams=("rob", "obo", "bot"), overlapping=True),
    )


def test_a_query_is_cut_at_max_words():
    typed = " ".join(f"w{n}" for n in range(MAX_WORDS + 3))
    assert MAX_WORDS == 8
    assert query_words(typed) == tuple(Word(prefix=f"xww{n}") for n in range(MAX_WORDS))


def test_relaxed_alternatives_forgive_one_gram_of_two_to_four_and_two_of_five_or_more():
    assert Word(grams=("로봇",)).relaxed() == [("로봇",)]
    assert Word(grams=("ins", "pct", "ion")).relaxed() == [
        ("ins", "pct"), ("ins", "ion"), ("pct", "ion"),
    ]  # fmt: skip
    five = Word(grams=("a1", "a2", "a3", "a4", "a5"))
    assert len(five.relaxed()) == 10
    assert all(len(option) == 3 for option in five.relaxed())


def test_a_latin_words_relaxed_alternatives_drop_a_run_of_its_trigrams():
    word = Word(grams=("ins", "nsp", "spc", "pct", "cti", "tio", "ion"), overlapping=True)
    assert word.relaxed() == [
        ("cti", "tio", "ion"),
        ("ins", "tio", "ion"),
        ("ins", "nsp", "ion"),
        ("ins", "nsp", "spc"),
    ]
    # A short word keeps one trigram.
    assert Word(grams=("rob", "obo", "bot"), overlapping=True).relaxed() == [("bot",), ("rob",)]
    assert Word(grams=("mes",), overlapping=True).relaxed() == [("mes",)]


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("inspction", "inspection"),  # a letter left out
        ("inspecrion", "inspection"),  # a letter changed
        ("insppection", "inspection"),  # a letter added
        ("visoin", "vision"),  # two letters swapped
        ("robott", "robotics"),
        ("palletisnig", "palletising"),
    ],
)
def test_a_typo_leaves_a_relaxed_alternative_that_the_right_word_holds(typo, meant):
    (word,) = query_words(typo)
    assert not set(word.grams) <= text_tokens(meant)
    assert any(set(option) <= text_tokens(meant) for option in word.relaxed())


# --- facet tokens --------------------------------------------------------------------------------


def test_facet_tokens_are_the_kind_and_the_value_in_lower_case_letters_and_digits():
    assert facet_token("f", "INFO-MES") == "zfinfomes"
    assert facet_token("r", "gyeongnam") == "zrgyeongnam"
    assert facet_token("c", "ISO9001") == "zciso9001"
    assert facet_token("k", "C29") == "zkc29"
    assert facet_token("c", "INNOVATION_PRODUCT") == "zcinnovationproduct"


def _every_facet_token() -> list[str]:
    values = [
        *(("r", v) for v in Region.values),
        *(("s", v) for v in SizeClass.values),
        *(("t", v) for v in Tier.values),
        *(("c", v) for v in CertificationKind.values),
        ("d", "valid"), ("d", "other"), ("o", "confirmed"), ("k", "C29"), ("a", "AI"),
    ]  # fmt: skip
    return [facet_token(kind, value) for kind, value in values]


def test_facet_tokens_are_longer_than_three_and_start_with_z():
    for token in _every_facet_token():
        assert len(token) > 3, token
        assert token.startswith("z") and not token.startswith("xw"), token


def test_text_never_yields_a_facet_token():
    """Text tokens longer than 3 characters always carry the word marker, so no text (not even
    one spelling a facet token out) can pass for a filter."""
    text = " ".join(_every_facet_token()) + " 서울특별시 zrseoul ＺＲＳＥＯＵＬ zfinfomes 머신비전"
    tokens = text_tokens(text)
    assert not tokens & set(_every_facet_token())
    assert all(len(token) <= 3 or token.startswith(WORD_MARK) for token in tokens)
    assert "xwzrseoul" in tokens


def test_the_words_of_a_legal_form_are_not_searched_for():
    assert query_words("주식회사 창원비전웍스") == query_words("창원비전웍스")
    assert query_words("유한회사 가람") == query_words("가람")
    assert query_words("주식회사의 창원") == query_words("창원")  # with a particle
    # Abbreviated: ㈜ (folded to (주)), (주), (유), (사), (재).
    for typed in ("㈜창원", "(주)창원", "(주) 창원", "(유)창원", "(재) 창원"):
        assert query_words(typed) == (Word(grams=("창원",)),), typed
    # A 주 of its own, not in brackets, is still a word.
    assert query_words("주 창원") == (Word(prefix="주"), Word(grams=("창원",)))


def test_a_common_misspelling_is_folded_in_the_text_and_the_query():
    assert query_words("비젼") == query_words("비전") == (Word(grams=("비전",)),)
    assert text_tokens("머신비젼 검사") == text_tokens("머신비전 검사")
