"""How registry text becomes index tokens, and a search query becomes token clauses.

The same tokens go into PostgreSQL (tsvector) and SQLite (FTS5), so both databases find the
same firms. No language-aware parser is involved: each database only stores and matches tokens.

- Korean (and Hanja) runs become character bigrams, so a two-syllable word such as 로봇 is one
  token and 협동로봇 holds it. The last syllable of each run is kept alone too, so that a
  one-syllable query finds it anywhere by prefix.
- Latin and digit runs become trigrams, so "robot" is found inside "Robotics", and the word
  itself behind a marker ("xw"), so a one- or two-letter query ("AI", "3D") is a prefix search.
- Facets (region, size, fields, ...) are tokens too, behind markers that no text token can take
  ("z" + a letter + the value, always longer than 3 characters), so that text and filters are one
  match in one index.
"""

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

_WORD = re.compile(r"[0-9a-z]+|[\uac00-\ud7a3\u3400-\u4dbf\u4e00-\u9fff]+")
_LATIN = re.compile(r"[0-9a-z]+")
WORD_MARK = "xw"

# Particles (조사) a Korean query word may end with. Cutting one only removes bigrams from the
# query, so it can widen a match but never lose one ("디스플레이" cut to "디스플레" still finds it).
_PARTICLES = (
    "에서는", "으로는", "에서", "으로", "에게", "까지", "부터", "처럼",
    "을", "를", "은", "는", "이", "가", "의", "에", "와", "과", "도", "로", "만",
)  # fmt: skip

# The legal form of a company, spelt out or abbreviated ((주), ㈜ folded by NFKC, (유), (사),
# (재)): left out of a query, so that "주식회사 창원비전웍스" and "(주)창원비전웍스" find a firm
# whether or not its name is written with one.
_LEGAL_FORMS = frozenset(
    {"주식회사", "유한회사", "유한책임회사", "합자회사", "합명회사", "사단법인", "재단법인"}
)
_LEGAL_ABBREVIATION = re.compile(r"\((?:주|유|사|재)\)")
# Spellings folded in the text and the query alike: 젼 is how 전 is often misspelt in loanwords
# (비젼, 텔레비젼), where a two-syllable word has no gram left to forgive a typo with.
_SPELLINGS = str.maketrans({"젼": "전"})

# A query is cut at this many words: each word adds a clause to the one match.
MAX_WORDS = 8
# Longer runs of letters are cut here: nothing real is longer, and PostgreSQL refuses a lexeme
# over 2,047 bytes.
MAX_WORD_LENGTH = 64


def normalise(text: str) -> str:
    """Full-width and compatibility forms folded (NFKC), lower case, common misspellings
    folded (_SPELLINGS)."""
    return unicodedata.normalize("NFKC", text or "").lower().translate(_SPELLINGS)


def words(text: str) -> list[str]:
    return [word[:MAX_WORD_LENGTH] for word in _WORD.findall(normalise(text))]


def _grams(word: str, size: int) -> list[str]:
    return [word[i : i + size] for i in range(len(word) - size + 1)]


def _cover(word: str, size: int) -> list[str]:
    """The fewest n-grams that together hold every character of the word (머신비전 -> 머신, 비전):
    each more is one more index list to intersect, and for Korean bigrams, specific enough to
    be found apart only rarely, overlapping ones add little."""
    grams = _grams(word, size)
    cover = grams[::size]
    if grams[-1] not in cover:
        cover.append(grams[-1])
    return cover


def text_tokens(text: str) -> set[str]:
    """The index tokens of a piece of text."""
    tokens: set[str] = set()
    for word in words(text):
        if _LATIN.fullmatch(word):
            tokens.add(WORD_MARK + word)
            tokens.update(_grams(word, 3))
        else:
            tokens.update(_grams(word, 2))
            tokens.add(word[-1])
    return tokens


def facet_token(kind: str, value: str) -> str:
    """`kind` is one letter; the value is reduced to letters and digits (INFO-MES -> infomes)."""
    return f"z{kind}" + re.sub(r"[^0-9a-z]", "", normalise(value))


# A typo changes at most this many consecutive trigrams of a Latin word: a substitution or an
# insertion three, a deletion two, two letters swapped four (visoin: iso, soi, oin for vision).
TYPO_RUN = 4


@dataclass(frozen=True)
class Word:
    """One query word as the tokens that must all match (`grams`), or a prefix (`prefix`).
    `overlapping`: the grams are every trigram of a Latin word in order, not a cover."""

    grams: tuple[str, ...] = ()
    prefix: str = ""
    overlapping: bool = False

    def relaxed(self) -> list[tuple[str, ...]]:
        """Alternatives that forgive a typo.

        A cover (Korean bigrams): all but one gram of 2 or more, two of 5 or more. Every
        trigram of a Latin word: all but a run of up to TYPO_RUN consecutive ones (a typo's
        trigrams are consecutive), keeping at least one.
        """
        count = len(self.grams)
        if self.overlapping and count >= 2:
            run = min(TYPO_RUN, count - 1)
            return [self.grams[:at] + self.grams[at + run :] for at in range(count - run + 1)]
        drop = 2 if count >= 5 else 1 if count >= 2 else 0
        if not drop:
            return [self.grams]
        return list(itertools.combinations(self.grams, count - drop))


@dataclass(frozen=True)
class Query:
    words: tuple[Word, ...] = ()
    facets: tuple[tuple[str, ...], ...] = field(default=())  # each: any of these tokens

    @property
    def has_text(self) -> bool:
        return bool(self.words)


def _strip_particle(word: str) -> str:
    for particle in _PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            return word[: -len(particle)]
    return word


# After a Latin word nothing is left to cut from, so these count as particles there too, alone
# or two in a row (MES로는, AI와의, PLC이나).
_AFTER_LATIN = frozenset(_PARTICLES) | {"나", "이나", "랑", "이랑", "하고", "보다"}


def _is_particle_run(run: str) -> bool:
    return run in _AFTER_LATIN or any(
        run[:cut] in _AFTER_LATIN and run[cut:] in _AFTER_LATIN for cut in range(1, len(run))
    )


def _query_runs(text: str) -> list[str]:
    """`words(text)`, less the particles written straight after a Latin or digit word ("MES를",
    "AI와의") and the words of a legal form (주식회사): alone they would be a word that every
    match must also hold."""
    runs: list[str] = []
    end, latin = -1, False
    for match in _WORD.finditer(_LEGAL_ABBREVIATION.sub(" ", normalise(text))):
        run = match.group()
        particle = latin and match.start() == end and _is_particle_run(run)
        if not particle and _strip_particle(run) not in _LEGAL_FORMS:
            runs.append(run[:MAX_WORD_LENGTH])
        end, latin = match.end(), bool(_LATIN.fullmatch(run))
    return runs


def typed_words(text: str) -> list[str]:
    """The query's words folded, a Korean particle cut (ＲＯＢＯＴ -> robot, 로봇을 -> 로봇,
    MES를 -> mes)."""
    return [word if _LATIN.fullmatch(word) else _strip_particle(word) for word in _query_runs(text)]


def query_words(text: str) -> tuple[Word, ...]:
    """The query's words as token clauses; words that add nothing are dropped."""
    result: list[Word] = []
    for word in _query_runs(text)[:MAX_WORDS]:
        if _LATIN.fullmatch(word):
            # Every trigram, not a cover: Latin trigrams are common, and a cover's few match
            # apart in different words (gye-ong-nam in "Gyeongbuk ... Vietnam").
            grams = tuple(dict.fromkeys(_grams(word, 3)))
            item = Word(grams=grams, overlapping=True) if len(word) >= 3 else None
            item = item or Word(prefix=WORD_MARK + word)
        else:
            word = _strip_particle(word)
            item = Word(grams=tuple(_cover(word, 2))) if len(word) >= 2 else Word(prefix=word)
        if item not in result:
            result.append(item)
    return tuple(result)
