"""Lessons learned: find the lessons most like a complaint or an order (pure, offline).

Similarity = text + attributes:

- text: TF-IDF cosine over the lesson's title, situation, what worked and tags. Words of
  alphabetic scripts are lower-cased tokens; Chinese (and Japanese kana / Korean) text is cut
  into overlapping character bigrams plus single characters. Bigrams rather than a word
  segmenter (jieba): no dictionary to ship or load, nothing to pin, and for short complaint
  texts they match the same words a segmenter would ("釉面开裂" → 釉面, 面开, 开裂 …), while a
  segmenter's mistakes on trade jargon would lose the match altogether;
- attributes: the same product (SKU) and the same complaint class or cause, the strongest
  evidence that a lesson applies.

score = 0.4 × text + 0.35 × same product + 0.25 × same class — so a lesson about the same
product and cause ranks above one that merely reads alike.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

TEXT_WEIGHT, PRODUCT_WEIGHT, CLASS_WEIGHT = 0.4, 0.35, 0.25
SHOWN = 5
_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "the",
        "their",
        "to",
        "was",
        "were",
        "with",
        "after",
        "before",
        "not",
        "no",
    ]
)


@dataclass(frozen=True)
class Lesson:
    lesson_id: str
    text: str  # title, situation, what worked, tags
    sku: str = ""
    klass: str = ""  # complaint class or cause


@dataclass(frozen=True)
class Query:
    text: str
    skus: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Match:
    lesson_id: str
    score: float
    text: float
    same_product: bool
    same_class: bool


def _cjk(ch: str) -> bool:
    name = unicodedata.name(ch, "")
    return name.startswith(("CJK UNIFIED", "CJK COMPATIBILITY", "HIRAGANA", "KATAKANA", "HANGUL"))


def tokens(text: str) -> list[str]:
    """Words of alphabetic scripts (no stop words); CJK runs as bigrams and single characters."""
    out: list[str] = []
    for word in _WORD.findall(unicodedata.normalize("NFKC", text).lower()):
        run: list[str] = []
        for ch in word + " ":
            if ch != " " and _cjk(ch):
                run.append(ch)
                continue
            if run:
                out += run + ["".join(p) for p in itertools.pairwise(run)]
                run = []
        latin = "".join(ch for ch in word if not _cjk(ch))
        if latin and latin not in STOP and len(latin) > 1:
            out.append(latin)
    return out


def _vectors(docs: Sequence[list[str]]) -> tuple[list[dict[str, float]], dict[str, float]]:
    n = len(docs)
    df = Counter(t for d in docs for t in set(d))
    idf = {t: math.log((1 + n) / (1 + k)) + 1 for t, k in df.items()}
    return [_weigh(d, idf) for d in docs], idf


def _weigh(doc: list[str], idf: dict[str, float]) -> dict[str, float]:
    tf = Counter(doc)
    vec = {t: c * idf.get(t, 0.0) for t, c in tf.items() if idf.get(t)}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def _norm(value: str) -> str:
    return " ".join(value.strip().lower().split())


def search(lessons: Iterable[Lesson], query: Query, shown: int = SHOWN) -> list[Match]:
    """The `shown` lessons most like the query, best first (ties: lesson order)."""
    pool = list(lessons)
    if not pool:
        return []
    vecs, idf = _vectors([tokens(x.text) for x in pool])
    q = _weigh(tokens(query.text), idf)
    skus = {_norm(s) for s in query.skus if s}
    classes = {_norm(c) for c in query.classes if c}
    out = []
    for lesson, vec in zip(pool, vecs, strict=True):
        text = sum(w * vec.get(t, 0.0) for t, w in q.items())
        same_p = bool(lesson.sku) and _norm(lesson.sku) in skus
        same_c = bool(lesson.klass) and _norm(lesson.klass) in classes
        score = TEXT_WEIGHT * text + PRODUCT_WEIGHT * same_p + CLASS_WEIGHT * same_c
        out.append(Match(lesson.lesson_id, score, text, same_p, same_c))
    ranked = sorted(enumerate(out), key=lambda p: (-p[1].score, p[0]))
    return [m for _, m in ranked if m.score > 0][:shown]
