"""L/C messages written by hand for the tests, as an issuing bank sends them (SR 2018 MT700),
for the order of conftest.py. `clean()` is the credit the order's documents comply with;
`with_(tag=value)` replaces a field's text to plant one discrepancy."""

from __future__ import annotations

CLEAN = [
    ("27", "1/1"),
    ("40A", "IRREVOCABLE"),
    ("20", "CITI26LC77001"),
    ("31C", "261005"),
    ("40E", "UCP LATEST VERSION"),
    ("31D", "261130CHINA"),
    ("50", "PACIFIC CREST SUPPLY CO.\n4400 E MARGINAL WAY S\nSEATTLE, WA 98134, USA"),
    ("59", "NINGBO HARBOUR TRADING CO., LTD.\nNO. 88 ZHONGSHAN EAST ROAD, HAISHU\nNINGBO 315000, CHINA"),
    ("32B", "USD27000,00"),
    ("39A", "05/05"),
    ("41D", "ANY BANK\nBY NEGOTIATION"),
    ("42C", "AT SIGHT"),
    ("42A", "CITIUS33"),
    ("43P", "NOT ALLOWED"),
    ("43T", "ALLOWED"),
    ("44E", "NINGBO, CHINA"),
    ("44F", "SEATTLE, USA"),
    ("44C", "261110"),
    (
        "45A",
        "2,000 PCS LED PANEL LIGHT 600X600 MM 40 W AND 500 PCS LED DRIVER\n"
        "40 W AS PER CONTRACT PCS-7781, FOB NINGBO INCOTERMS 2020",
    ),
    (
        "46A",
        "+SIGNED COMMERCIAL INVOICE IN 3 ORIGINALS AND 2 COPIES\n"
        "+PACKING LIST IN 3 ORIGINALS\n"
        "+FULL SET CLEAN ON BOARD OCEAN BILLS OF LADING MADE OUT TO ORDER,\n"
        "BLANK ENDORSED, MARKED FREIGHT COLLECT, NOTIFY APPLICANT\n"
        "+CERTIFICATE OF ORIGIN ISSUED BY CCPIT",
    ),
    ("47A", "+ALL DOCUMENTS MUST QUOTE THIS CREDIT NUMBER.\n+THIRD PARTY DOCUMENTS ACCEPTABLE."),
    ("71D", "ALL BANKING CHARGES OUTSIDE\nTHE ISSUING BANK ARE FOR\nBENEFICIARY'S ACCOUNT"),
    ("48", "21/FROM THE DATE OF SHIPMENT"),
    ("49", "WITHOUT"),
    ("78", "DOCUMENTS TO BE SENT IN ONE LOT BY COURIER"),
]  # fmt: skip

ENVELOPE = (
    "{1:F01BKCHCNBJA92A0000000000}"
    "{2:O7001030261005CITIUS33AXXX00000000002610051030N}"
    "{3:{108:LC77001}}{4:\n"
)


def block4(fields: list[tuple[str, str]]) -> str:
    return "".join(f":{tag}:{text}\n" for tag, text in fields)


def with_(*drop: str, **changes: str) -> list[tuple[str, str]]:
    """The clean fields with some replaced (keyword: tag with a leading underscore, _32B=…)
    or dropped."""
    out = []
    for tag, text in CLEAN:
        if tag in drop:
            continue
        out.append((tag, changes.get(f"_{tag}", text)))
    return out


def enveloped(fields: list[tuple[str, str]]) -> str:
    return ENVELOPE + block4(fields) + "-}{5:{CHK:123456789ABC}}\n"


def clean() -> str:
    return enveloped(CLEAN)


def amendment(number: int, date: str, *fields: tuple[str, str]) -> str:
    head = [
        ("27", "1/1"),
        ("20", "CITI26LC77001"),
        ("21", "NONREF"),
        ("23", "CITI26LC77001"),
        ("31C", "261005"),
        ("26E", str(number)),
        ("30", date),
        ("22A", "ISCO"),
    ]
    return block4([*head, *fields])
