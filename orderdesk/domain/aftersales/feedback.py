"""Customer feedback: the survey's questions in the customer's language, the answers checked,
and satisfaction (pure).

Six questions on a 1–5 scale (5 best) and one free-text question. Satisfaction is the share of
answers scoring 4 or 5 (CSAT), over the answers received in the window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from orderdesk.domain.catalogs import catalog
from orderdesk.errors import OrderDeskError
from orderdesk.schema import Feedback

SCALE = (1, 5)
SATISFIED = 4
COMMENT_NO = 7  # the free-text question's number

# The survey's wording: English here (the msgids), the translations in the gettext domain
# "surveys" (`orderdesk/locale/<folder>/LC_MESSAGES/surveys.po`, compiled to .mo; docs/after-sales.md
# says how to add a sentence or a language).
DOMAIN = "surveys"
CATALOGS = {"zh-CN": "zh_CN", "es": "es", "de": "de", "fr": "fr"}  # language → catalog folder
LANGUAGES = ("en", *CATALOGS)


def N_(text: str) -> str:
    """Mark a sentence for extraction into the catalog; translated where the survey is made."""
    return text


QUESTIONS = (
    N_("How satisfied are you with the quality of the goods?"),
    N_("Did the goods arrive on the date we promised?"),
    N_("Were the quantities and the packing as ordered?"),
    N_("Were the shipping documents correct and on time?"),
    N_("How well did we communicate during the order?"),
    N_("How likely are you to order from us again?"),
    N_("What should we do better next time?"),
)
SCALE_NOTE = N_("1 = very poor … 5 = excellent")


class SurveyError(OrderDeskError):
    """A returned survey that cannot be used; the message names the file and the cell."""


@dataclass(frozen=True)
class Survey:
    language: str
    questions: tuple[str, ...]  # 1 … 6 scored, 7 free text
    scale_note: str


def survey(language: object) -> Survey:
    """The survey in the customer's language (en+zh-CN: both, English first); English when the
    language has no translation yet."""
    lang = str(language or "en").strip()
    if lang == "en+zh-CN":
        en, zh = survey("en"), survey("zh-CN")
        return Survey(
            lang,
            tuple(f"{a} / {b}" for a, b in zip(en.questions, zh.questions, strict=True)),
            f"{en.scale_note} / {zh.scale_note}",
        )
    lang = lang if lang in LANGUAGES else "en"
    words = catalog(DOMAIN, CATALOGS[lang], required=True) if lang in CATALOGS else None
    tr = words.gettext if words is not None else str  # English: the msgids themselves
    return Survey(lang, tuple(tr(q) for q in QUESTIONS), tr(SCALE_NOTE))


@dataclass(frozen=True)
class Answer:
    number: int
    score: int | None
    comment: str | None


def check_score(raw: object, where: str) -> int | None:
    """A cell's score: blank (not answered) or a whole number 1–5; anything else names `where`."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = float(str(raw).strip())
    except ValueError:
        value = float("nan")
    if value != value or value != int(value):  # NaN, or not whole
        raise SurveyError(f"{where}: '{raw}' is not a score from 1 to 5")
    if not SCALE[0] <= int(value) <= SCALE[1]:
        raise SurveyError(f"{where}: {int(value)} is not a score from 1 to 5")
    return int(value)


def mean_scores(feedback: pd.DataFrame) -> Mapping[str, float]:
    """Order → the mean of its answered scores (1–5)."""
    scored = feedback[feedback[Feedback.score].notna()]
    if scored.empty:
        return {}
    means = scored.groupby(scored[Feedback.order_id].astype(str))[Feedback.score].mean()
    return {str(k): float(v) for k, v in means.items()}


def satisfaction(feedback: pd.DataFrame, start: dt.date | None, end: dt.date) -> float:
    """Answers scoring 4 or 5, of the answers received in the window; NaN when none."""
    day = pd.to_datetime(feedback[Feedback.received])
    score = pd.to_numeric(feedback[Feedback.score], errors="coerce")
    inside = day.le(pd.Timestamp(end)) & score.notna()
    if start is not None:
        inside &= day.ge(pd.Timestamp(start))
    n = int(inside.sum())
    return float((score[inside] >= SATISFIED).sum()) / n if n else float("nan")


def mean_scores_of(rows: list[dict], order_id: str) -> float:
    """The mean score of one order's answers among rows about to be written (nan: none)."""
    scores = [r[Feedback.score] for r in rows if r[Feedback.order_id] == order_id]
    scores = [s for s in scores if s is not None]
    return sum(scores) / len(scores) if scores else float("nan")
