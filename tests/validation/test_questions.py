"""Completeness questions: in the customer's language, grouped per order, ready to send.

The expected sentences are written out by hand: they are what the customer reads.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from orderdesk.cli import main
from orderdesk.domain.questions import customer_language
from tests.validation.test_rules import SO1, SO2, SO4, both, customer, line, order
from tests.validation.workbook import questions

NO_MARKS_NO_FORWARDER = order(SO2, shipping_marks=None, forwarder=None)


def ask(path: Path, order_id: str, capsys: pytest.CaptureFixture[str]) -> str:
    code = main(["questions", str(path), "--order", order_id])
    out = capsys.readouterr().out
    assert code == 1, out  # there are questions
    return out


def test_english_groups_the_gaps_of_an_order(
    broken: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = broken(both(NO_MARKS_NO_FORWARDER, customer(1, language="en")))
    out = ask(path, "SO-2026-0002", capsys)
    assert (
        "This order is missing the shipping marks and the preferred forwarder. Please confirm both."
        in out
    )
    assert "Dear 王伟," in out
    assert "Thank you for your order SO-2026-0002 (your PO HD-2026-088)." in out
    assert out.rstrip().endswith("Li Wei")


def test_chinese_for_a_chinese_customer(
    broken: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = broken(both(NO_MARKS_NO_FORWARDER, line(2, spec=None)))
    out = ask(path, "SO-2026-0002", capsys)
    assert "王伟，您好！" in out
    assert "1. 此订单尚缺唛头和贵司指定的货代，请一并确认。" in out
    # The line is named by its Chinese product description from the Products sheet.
    assert "2. 第1行（HW-1001，不锈钢合页 100 毫米）尚缺规格，请告知。" in out


def test_spanish_for_a_spanish_customer(
    broken: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    path = broken(
        order(
            SO1,
            ship_to=None,
            forwarder=None,
            transport_mode="air",
            requested_delivery=dt.date(2026, 4, 1),
        )
    )
    out = ask(path, "SO-2026-0001", capsys)
    assert "Buenos días, Lucía Fernández:" in out
    assert (
        "1. Para completar este pedido, necesitamos que nos indique el nombre y la dirección "
        "del destinatario." in out
    )
    assert (
        "FOB solo se aplica al transporte marítimo y por vías navegables interiores, pero este "
        "pedido se enviará por vía aérea. ¿Podría confirmarnos el Incoterm (FCA sería el "
        "adecuado) o el medio de transporte?" in out
    )
    assert (
        "La fecha de entrega solicitada (1 de abril de 2026) es anterior a la fecha más temprana "
        "en la que podemos realizar el envío (10 de abril de 2026)." in out
    )
    assert "Un cordial saludo," in out


def test_german_and_french(broken: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    path = broken(
        both(
            order(SO4, lc_bank=None, deposit_pct=0.1),  # CU-FR, French
            customer(2, language="Deutsch"),
            order(2, customer="CU-DE", stage="confirmed", customer_po="NH-1"),
        )
    )
    fr = ask(path, "SO-2026-0004", capsys)
    assert "Bonjour Claire Martin," in fr
    assert (
        "Il nous manque encore la banque émettrice du crédit documentaire pour cette commande. "
        "Merci de nous communiquer cette information." in fr
    )
    de = ask(path, "SO-2026-0003", capsys)
    assert "Guten Tag Jonas Weber," in de
    # A confirmed order needs its terms; what the customer can answer is asked, in the accusative.
    assert "Für diese Bestellung fehlen uns noch einige Angaben. Bitte teilen Sie uns" in de
    assert "den Incoterm" in de and "den gewünschten Liefertermin" in de
    assert "Mit freundlichen Grüßen" in de


def test_an_unknown_language_falls_back_to_english(
    broken: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = broken(both(NO_MARKS_NO_FORWARDER, customer(1, language="ar")))
    out = ask(path, "SO-2026-0002", capsys)
    assert "This order is missing the shipping marks and the preferred forwarder." in out


def test_several_lines_with_the_same_gap_share_a_sentence(
    broken: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = broken(both(line(0, spec=None), line(1, spec=None), customer(0, language="en")))
    out = ask(path, "SO-2026-0001", capsys)
    assert (
        "Lines 1 and 2 are missing the specification. Please let us know for each of these lines."
        in out
    )


def test_the_desk_s_own_gaps_are_not_asked(
    broken: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = broken(both(line(2, hs_code=None, cartons=None), order(SO2, port_of_loading=None)))
    assert main(["questions", str(path), "--order", "SO-2026-0002"]) == 0
    assert "no questions" in capsys.readouterr().out


def test_validate_puts_the_questions_on_the_issues_sheet(broken: Callable[..., Path]) -> None:
    path = broken(both(NO_MARKS_NO_FORWARDER, order(SO1, shipping_marks=None, ship_to=None)))
    main(["validate", str(path)])
    rows = questions(path)
    assert [(r["Order ID"], r["Language"], r["No."]) for r in rows] == [
        ("SO-2026-0001", "es", 1),
        ("SO-2026-0002", "zh-CN", 1),
    ]
    assert rows[1]["Question"] == "此订单尚缺唛头和贵司指定的货代，请一并确认。"


@pytest.mark.parametrize(
    ("typed", "language"),
    [
        ("es", "es"),
        ("es-MX", "es"),
        ("Spanish", "es"),
        ("español", "es"),
        ("zh_CN", "zh-CN"),
        ("zh", "zh-CN"),
        ("中文", "zh-CN"),
        ("Deutsch", "de"),
        ("FR", "fr"),
        ("pt", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_the_customer_s_language_as_typed(typed: str | None, language: str) -> None:
    assert customer_language(typed) == language
