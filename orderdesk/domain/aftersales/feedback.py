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

from orderdesk.errors import OrderDeskError
from orderdesk.schema import Feedback

SCALE = (1, 5)
SATISFIED = 4
COMMENT_NO = 7  # the free-text question's number

_QUESTIONS: dict[str, tuple[str, ...]] = {
    "en": (
        "How satisfied are you with the quality of the goods?",
        "Did the goods arrive on the date we promised?",
        "Were the quantities and the packing as ordered?",
        "Were the shipping documents correct and on time?",
        "How well did we communicate during the order?",
        "How likely are you to order from us again?",
        "What should we do better next time?",
    ),
    "zh-CN": (
        "您对货物质量的满意程度如何？",
        "货物是否在我们承诺的日期到达？",
        "数量和包装是否与订单一致？",
        "运输单据是否正确、及时？",
        "订单执行过程中我们的沟通如何？",
        "您再次向我们下单的可能性有多大？",
        "下次我们应在哪些方面做得更好？",
    ),
    "es": (
        "¿Qué tan satisfecho está con la calidad de la mercancía?",
        "¿Llegó la mercancía en la fecha prometida?",
        "¿Las cantidades y el embalaje fueron los pedidos?",
        "¿Los documentos de embarque fueron correctos y puntuales?",
        "¿Cómo fue nuestra comunicación durante el pedido?",
        "¿Qué probabilidad hay de que vuelva a comprarnos?",
        "¿Qué deberíamos mejorar la próxima vez?",
    ),
    "de": (
        "Wie zufrieden sind Sie mit der Qualität der Ware?",
        "Kam die Ware zum zugesagten Termin an?",
        "Entsprachen Mengen und Verpackung der Bestellung?",
        "Waren die Versandpapiere korrekt und rechtzeitig?",
        "Wie gut war unsere Kommunikation während des Auftrags?",
        "Wie wahrscheinlich bestellen Sie wieder bei uns?",
        "Was sollten wir beim nächsten Mal besser machen?",
    ),
    "fr": (
        "Êtes-vous satisfait de la qualité des marchandises ?",
        "Les marchandises sont-elles arrivées à la date promise ?",
        "Les quantités et l'emballage étaient-ils conformes ?",
        "Les documents d'expédition étaient-ils corrects et à temps ?",
        "Comment jugez-vous notre communication pendant la commande ?",
        "Quelle est la probabilité que vous commandiez à nouveau ?",
        "Que devrions-nous améliorer la prochaine fois ?",
    ),
}
_SCALE_NOTE = {
    "en": "1 = very poor … 5 = excellent",
    "zh-CN": "1 = 很差 … 5 = 非常好",
    "es": "1 = muy malo … 5 = excelente",
    "de": "1 = sehr schlecht … 5 = ausgezeichnet",
    "fr": "1 = très mauvais … 5 = excellent",
}


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
    lang = lang if lang in _QUESTIONS else "en"
    return Survey(lang, _QUESTIONS[lang], _SCALE_NOTE[lang])


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
