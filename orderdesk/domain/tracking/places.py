"""Names of the ports an export desk ships through, for customer-facing text ("Rotterdam", not
"NLRTM"). A port not listed is shown by its UN/LOCODE; carriers that name the place win anyway."""

from __future__ import annotations

PORT_NAMES = {
    "CNSHA": "Shanghai", "CNNGB": "Ningbo", "CNYTN": "Yantian", "CNSZX": "Shenzhen",
    "CNTAO": "Qingdao", "CNXMN": "Xiamen", "CNTXG": "Tianjin", "HKHKG": "Hong Kong",
    "SGSIN": "Singapore", "NLRTM": "Rotterdam", "DEHAM": "Hamburg", "DEBRV": "Bremerhaven",
    "BEANR": "Antwerp", "FRLEH": "Le Havre", "FRMRS": "Marseille", "ESVLC": "Valencia",
    "ESALG": "Algeciras", "ESBCN": "Barcelona", "ESMAD": "Madrid", "ITGOA": "Genoa",
    "GBFXT": "Felixstowe", "GBSOU": "Southampton", "PTLIS": "Lisbon", "PTLEI": "Leixões",
    "USLAX": "Los Angeles", "USLGB": "Long Beach", "USNYC": "New York", "USSAV": "Savannah",
    "BRSSZ": "Santos", "AEJEA": "Jebel Ali", "JPTYO": "Tokyo", "JPYOK": "Yokohama",
    "KRPUS": "Busan", "MXZLO": "Manzanillo", "CAVAN": "Vancouver", "AUSYD": "Sydney",
}  # fmt: skip


def port_name(locode: str | None) -> str:
    code = (locode or "").strip().upper()
    return PORT_NAMES.get(code, code)
