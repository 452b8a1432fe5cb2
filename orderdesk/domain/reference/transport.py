"""Names of ports and carriers, for documents a bank and a forwarder read.

A document says "Ningbo, China" and "Hapag-Lloyd", never "CNNGB" and "HLCU": a bank compares the
port on the invoice with the port of the letter of credit (field 44E/44F), which names it in
words. The names are those of UN/LOCODE (the UNECE code list: the place's name in its own
spelling, diacritics kept) for the ports and cities an export desk ships through; the carriers are
the ocean carriers' and express networks' trading names, keyed by the SCAC-style code the
Shipments sheet carries. There is no maintained package for either list; a place not listed here
is printed as its code, which is still correct, only less friendly.
"""

from __future__ import annotations

PORTS: dict[str, str] = {
    # China and East Asia
    "CNSHA": "Shanghai", "CNNGB": "Ningbo", "CNYTN": "Yantian", "CNSZX": "Shenzhen",
    "CNTAO": "Qingdao", "CNXMN": "Xiamen", "CNTXG": "Tianjin Xingang", "CNDLC": "Dalian",
    "CNCAN": "Guangzhou", "CNNSA": "Nansha", "CNFOC": "Fuzhou", "HKHKG": "Hong Kong",
    "TWKHH": "Kaohsiung", "KRPUS": "Busan", "JPTYO": "Tokyo", "JPYOK": "Yokohama",
    "JPOSA": "Osaka", "JPUKB": "Kobe", "JPNGO": "Nagoya",
    # South-east and South Asia, Middle East
    "SGSIN": "Singapore", "MYPKG": "Port Klang", "MYTPP": "Tanjung Pelepas",
    "THLCH": "Laem Chabang", "VNSGN": "Ho Chi Minh City", "VNHPH": "Haiphong",
    "IDJKT": "Jakarta", "PHMNL": "Manila", "LKCMB": "Colombo", "INNSA": "Nhava Sheva",
    "INMUN": "Mundra", "INMAA": "Chennai", "PKKHI": "Karachi", "BDCGP": "Chittagong",
    "AEJEA": "Jebel Ali", "AEDXB": "Dubai", "AEAUH": "Abu Dhabi", "SADMM": "Dammam",
    "SAJED": "Jeddah", "SARUH": "Riyadh", "OMSLL": "Salalah", "QAHMD": "Hamad",
    "KWSWK": "Shuwaikh", "TRIZM": "İzmir", "TRIST": "İstanbul", "TRMER": "Mersin",
    "ILHFA": "Haifa", "ILASH": "Ashdod",
    # Europe
    "NLRTM": "Rotterdam", "DEHAM": "Hamburg", "DEBRV": "Bremerhaven", "DECGN": "Köln",
    "DEDUS": "Düsseldorf", "DEMUC": "München", "BEANR": "Antwerpen", "BEZEE": "Zeebrugge",
    "FRLEH": "Le Havre", "FRMRS": "Marseille", "FRFOS": "Fos-sur-Mer", "FRLYS": "Lyon",
    "FRLLE": "Lille", "FRPAR": "Paris", "ESVLC": "Valencia", "ESALG": "Algeciras",
    "ESBCN": "Barcelona", "ESMAD": "Madrid", "ESBIO": "Bilbao", "ITGOA": "Genova",
    "ITSPE": "La Spezia", "ITMIL": "Milano", "GRPIR": "Piraeus", "SIKOP": "Koper",
    "MTMAR": "Marsaxlokk", "GBFXT": "Felixstowe", "GBSOU": "Southampton",
    "GBLGP": "London Gateway Port", "GBLON": "London", "GBLBA": "Leeds", "GBRDG": "Reading",
    "GBMNC": "Manchester", "IEDUB": "Dublin", "PTLEI": "Leixões", "PTLIS": "Lisboa",
    "PTSIE": "Sines", "PTOPO": "Porto", "PLGDN": "Gdańsk", "PLGDY": "Gdynia",
    "PLWAW": "Warszawa", "DKAAR": "Aarhus", "SEGOT": "Göteborg", "FIHEL": "Helsinki",
    "NOOSL": "Oslo", "ATGRZ": "Graz", "ATVIE": "Wien", "CHZRH": "Zürich", "CHBSL": "Basel",
    # Africa
    "EGALY": "Alexandria", "EGCAI": "Cairo", "EGPSD": "Port Said", "MACAS": "Casablanca",
    "MATNG": "Tanger Med", "DZALG": "Alger", "TNTUN": "Tunis", "NGAPP": "Apapa",
    "GHTEM": "Tema", "KEMBA": "Mombasa", "KENBO": "Nairobi", "TZDAR": "Dar es Salaam",
    "DJJIB": "Djibouti", "ZADUR": "Durban", "ZACPT": "Cape Town",
    # Americas and Oceania
    "USLAX": "Los Angeles", "USLGB": "Long Beach", "USOAK": "Oakland", "USSEA": "Seattle",
    "USTIW": "Tacoma", "USNYC": "New York", "USSAV": "Savannah", "USCHS": "Charleston",
    "USORF": "Norfolk", "USMIA": "Miami", "USHOU": "Houston", "USCHI": "Chicago",
    "USDAL": "Dallas", "USPDX": "Portland", "CAVAN": "Vancouver", "CAPRR": "Prince Rupert",
    "CAMTR": "Montréal", "CAHAL": "Halifax", "CATOR": "Toronto", "MXZLO": "Manzanillo",
    "MXVER": "Veracruz", "MXGDL": "Guadalajara", "MXMEX": "Ciudad de México",
    "PAMIT": "Manzanillo", "COCTG": "Cartagena", "COBUN": "Buenaventura", "COBOG": "Bogotá",
    "PECLL": "Callao", "CLSAI": "San Antonio", "CLVAP": "Valparaíso", "CLSCL": "Santiago",
    "BRSSZ": "Santos", "BRRIG": "Rio Grande", "BRSAO": "São Paulo", "ARBUE": "Buenos Aires",
    "AUSYD": "Sydney", "AUMEL": "Melbourne", "AUBNE": "Brisbane", "NZAKL": "Auckland",
}  # fmt: skip

# Ocean carriers by SCAC, express networks by the code the Shipments sheet uses.
CARRIERS: dict[str, str] = {
    "MAEU": "Maersk", "MSCU": "MSC Mediterranean Shipping Company", "HLCU": "Hapag-Lloyd",
    "CMDU": "CMA CGM", "COSU": "COSCO Shipping Lines", "ONEY": "Ocean Network Express (ONE)",
    "EGLV": "Evergreen Line", "YMLU": "Yang Ming", "HDMU": "HMM", "ZIMU": "ZIM",
    "OOLU": "OOCL", "PABV": "Pacific International Lines (PIL)", "WHLC": "Wan Hai Lines",
    "DHL": "DHL Express", "FDX": "FedEx", "FEDEX": "FedEx", "UPS": "UPS", "TNT": "TNT",
}  # fmt: skip


def port_name(code: str | None) -> str:
    """The UN/LOCODE name of a port ("Ningbo"), or the code itself when it is not listed."""
    text = (code or "").strip().upper().replace(" ", "")
    return PORTS.get(text, text)


def port_country(code: str | None) -> str:
    """The ISO 3166 country of a UN/LOCODE: its first two letters."""
    text = (code or "").strip().upper()
    return text[:2] if len(text) == 5 else ""


def carrier_name(code: str | None) -> str:
    text = (code or "").strip()
    return CARRIERS.get(text.upper(), text)
