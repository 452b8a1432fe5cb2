"""The sample company's world: its customers, suppliers, products, people and lanes.

Ningbo Harbour Trading Co., Ltd. (the default company in Settings) buys from factories around
Zhejiang and the Pearl River Delta, and from a few partners in Vietnam, India and Turkey, and
sells to importers and retail chains on five continents. Everything here is fixed data; the
generator draws orders, dates and payments from it with a seeded random generator.

Product costs are per unit in CNY (what the Chinese factories quote); carton data is per export
carton. Every HS code is a six-digit HS 2022 subheading (a test checks each one). Names,
contacts and addresses are written in the customer's own script where that is what the desk
would type; the bank names they pay under are in `aliases`, in the Latin letters a SWIFT
transfer carries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from orderdesk.sample import SAMPLE_AS_OF


def moved(day: dt.date, as_of: dt.date) -> dt.date:
    """A date of the data below (written for the default sample day) for a sample made as of
    another day: new customers, blocks and holidays keep their distance from the sample's day."""
    return day + (as_of - SAMPLE_AS_OF)


# --- people ------------------------------------------------------------------------------

# Account managers (Orders/Quotes "Sales Owner"), by the markets they look after.
OWNER_ASIA = "Li Wei"
OWNER_LATAM = "María García"
OWNER_EUROPE = "Wang Fang"
OWNER_AMERICAS = "Tom Zhou"

# Forwarders the company books itself (CFR, CIF, DAP) and the express carrier for parcels.
OWN_FORWARDERS = ("Sinotrans Ningbo", "Kuehne+Nagel Ningbo", "DB Schenker Ningbo")
EXPRESS_FORWARDER = "DHL Express"

# The company's multi-currency collection account (statements come from this bank).
COMPANY_IBAN = "LU650031234567890123"
COMPANY_BIC = "BGLLLULL"


# --- suppliers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Supplier:
    id: str
    name: str
    country: str
    city: str
    contact: str
    email: str
    currency: str
    categories: tuple[str, ...]
    lead_days: int  # quoted production lead time
    # How it really performs (what the scorecard should find):
    on_time: float  # share of lines delivered on or before the due date
    late_max: int  # days late at worst
    short_rate: float  # share of lines delivered short
    reject_rate: float  # mean share of a delivery rejected at incoming inspection
    complaint_rate: float  # share of shipped lines a customer complains about
    price_factor: float  # its price against the standard cost
    answer_days: float  # mean days to answer an RFQ or a change request
    blocked_from: dt.date | None = None  # blocked in the register from this day on

    @property
    def blocked(self) -> bool:
        return self.blocked_from is not None


def _s(
    id: str,
    name: str,
    country: str,
    city: str,
    contact: str,
    email: str,
    currency: str,
    categories: str,
    lead: int,
    perf: tuple[float, int, float, float, float, float, float],
    blocked_from: dt.date | None = None,
) -> Supplier:
    on_time, late_max, short, reject, complaint, price, answer = perf
    return Supplier(
        id,
        name,
        country,
        city,
        contact,
        email,
        currency,
        tuple(categories.split(";")),
        lead,
        on_time,
        late_max,
        short,
        reject,
        complaint,
        price,
        answer,
        blocked_from,
    )


# perf: on time, late max days, short rate, reject rate, complaint rate, price factor, answer days
SUPPLIERS: tuple[Supplier, ...] = (
    _s("SU-001", "宁波华美厨具有限公司", "CN", "宁波", "陈丽", "sales@huamei-kitchen.cn", "CNY", "kitchenware", 28, (0.95, 6, 0.01, 0.004, 0.010, 1.00, 1.0)),
    _s("SU-002", "永康市金辉五金制品有限公司", "CN", "永康", "王建国", "wangjg@jinhui-hw.com", "CNY", "hardware;tools", 30, (0.93, 7, 0.01, 0.005, 0.012, 1.00, 1.2)),
    _s("SU-003", "永康市恒达五金厂", "CN", "永康", "李强", "hengda_hw@163.com", "CNY", "hardware", 32, (0.60, 18, 0.07, 0.025, 0.050, 1.08, 5.0)),
    _s("SU-004", "深圳市联创电子科技有限公司", "CN", "深圳", "刘洋", "liuyang@lianchuang-tech.com", "CNY", "electronics", 25, (0.96, 5, 0.005, 0.003, 0.008, 1.02, 1.0)),
    _s("SU-005", "深圳市佳宇数码有限公司", "CN", "深圳", "黄伟", "sales@jiayu-digital.com", "CNY", "electronics", 22, (0.80, 12, 0.03, 0.030, 0.060, 0.90, 3.0)),
    _s("SU-006", "佛山市顺德区美居家具有限公司", "CN", "佛山", "梁志明", "export@meiju-furniture.cn", "CNY", "furniture", 40, (0.90, 8, 0.01, 0.008, 0.020, 1.00, 2.0)),
    _s("SU-007", "中山市古镇明辉灯饰厂", "CN", "中山", "吴敏", "wumin@minghui-lighting.com", "CNY", "lighting", 25, (0.94, 6, 0.01, 0.005, 0.012, 1.00, 1.0)),
    _s("SU-008", "中山市亮点照明有限公司", "CN", "中山", "周杰", "zhoujie@liangdian-led.cn", "CNY", "lighting", 25, (0.58, 20, 0.05, 0.020, 0.040, 0.93, 6.0)),
    _s("SU-009", "绍兴柯桥锦绣纺织品有限公司", "CN", "绍兴", "孙静", "sunjing@jinxiu-textile.com", "CNY", "textiles", 30, (0.91, 7, 0.01, 0.006, 0.015, 1.00, 2.0)),
    _s("SU-010", "慈溪市恒丰电器有限公司", "CN", "慈溪", "徐海", "xuhai@hengfeng-appliance.com", "CNY", "electronics;kitchenware", 28, (0.85, 10, 0.02, 0.010, 0.025, 0.98, 2.0)),
    _s("SU-011", "台州市黄岩宏利塑料制品有限公司", "CN", "台州", "郑华", "zhenghua@hongli-plastic.com", "CNY", "packaging;kitchenware", 20, (0.94, 5, 0.01, 0.004, 0.010, 1.00, 1.0)),
    _s("SU-012", "温州瑞安精工工具有限公司", "CN", "温州", "林涛", "lintao@ruian-tools.cn", "CNY", "tools", 30, (0.52, 21, 0.09, 0.060, 0.120, 0.85, 7.0), dt.date(2026, 4, 1)),
    _s("SU-013", "义乌市通达包装材料有限公司", "CN", "义乌", "何芳", "hefang@tongda-pack.com", "CNY", "packaging", 18, (0.84, 9, 0.02, 0.010, 0.020, 0.97, 3.0)),
    _s("SU-014", "金华市锋利工具有限公司", "CN", "金华", "冯刚", "fenggang@fengli-tools.com", "CNY", "tools;hardware", 28, (0.88, 8, 0.015, 0.008, 0.020, 1.04, 2.0)),
    _s("SU-015", "Phu My Furniture Co., Ltd.", "VN", "Thủ Dầu Một", "Nguyễn Văn Hùng", "hung.nv@phumyfurniture.vn", "USD", "furniture", 45, (0.82, 10, 0.02, 0.010, 0.025, 0.96, 3.0)),
    _s("SU-016", "Saigon Green Garment JSC", "VN", "Hồ Chí Minh", "Trần Thị Mai", "mai.tt@saigongreen.com.vn", "USD", "textiles", 40, (0.92, 6, 0.01, 0.005, 0.012, 1.00, 2.0)),
    _s("SU-017", "Sri Murugan Knit Exports Pvt. Ltd.", "IN", "Tiruppur", "R. Senthil Kumar", "senthil@srimuruganknit.in", "USD", "textiles", 45, (0.64, 16, 0.04, 0.015, 0.035, 0.95, 4.0)),
    _s("SU-018", "Moradabad Metal Crafts Pvt. Ltd.", "IN", "Moradabad", "Imran Qureshi", "imran@mbdmetalcrafts.in", "USD", "kitchenware", 40, (0.80, 12, 0.02, 0.010, 0.025, 1.00, 3.0)),
    _s("SU-019", "Denizli Havlu Tekstil San. ve Tic. A.Ş.", "TR", "Denizli", "Mehmet Yılmaz", "mehmet.yilmaz@denizlihavlu.com.tr", "USD", "textiles", 35, (0.93, 6, 0.01, 0.004, 0.010, 1.03, 1.0)),
    _s("SU-020", "南通凯瑞家纺有限公司", "CN", "南通", "钱峰", "qianfeng@kairui-hometex.com", "CNY", "textiles", 30, (0.87, 9, 0.015, 0.010, 0.020, 0.99, 2.0)),
)  # fmt: skip

SUPPLIER_BY_ID = {s.id: s for s in SUPPLIERS}

# Ports of loading by origin country (and the name written as the FOB / FCA place).
LOADING: dict[str, tuple[str, str]] = {
    "CN": ("CNNGB", "Ningbo"),
    "VN": ("VNSGN", "Ho Chi Minh City"),
    "IN": ("INNSA", "Nhava Sheva"),
    "TR": ("TRIZM", "Izmir"),
}
ALT_LOADING_CN = ("CNSHA", "Shanghai")


# --- products ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Product:
    sku: str
    description: str
    description_zh: str
    category: str
    hs: str
    unit: str
    index: str  # cost driver in Settings (steel, aluminium, cotton, plastics)
    material: float  # CNY per unit
    labour: float
    packaging: float
    carton_qty: int
    carton_cm: tuple[float, float, float]
    unit_kg: float
    tare_kg: float  # carton and inner packing
    custom: bool
    spec: str
    supplier: str  # default supplier
    alternative: str | None = None  # a second source the desk also buys from

    @property
    def cost_cny(self) -> float:
        return self.material + self.labour + self.packaging

    @property
    def carton_gross_kg(self) -> float:
        return round(self.carton_qty * self.unit_kg + self.tare_kg, 2)

    @property
    def carton_cbm(self) -> float:
        length, width, height = self.carton_cm
        return length * width * height / 1_000_000

    @property
    def origin(self) -> str:
        return SUPPLIER_BY_ID[self.supplier].country


def _p(
    sku: str,
    description: str,
    zh: str,
    category: str,
    hs: str,
    unit: str,
    index: str,
    costs: tuple[float, float, float],
    carton: tuple[int, float, float, float],
    kg: tuple[float, float],
    spec: str,
    supplier: str,
    alternative: str | None = None,
    custom: bool = False,
) -> Product:
    qty, length, width, height = carton
    return Product(
        sku,
        description,
        zh,
        category,
        hs,
        unit,
        index,
        *costs,
        qty,
        (length, width, height),
        kg[0],
        kg[1],
        custom,
        spec,
        supplier,
        alternative,
    )


HW, KW, TX, EL, FU, LI, TL, PK = (
    "hardware",
    "kitchenware",
    "textiles",
    "electronics",
    "furniture",
    "lighting",
    "tools",
    "packaging",
)

# sku, description, Chinese, category, HS, unit, index, (material, labour, packaging CNY),
# (units per carton, L, W, H cm), (unit net kg, carton tare kg), spec, supplier, alternative
PRODUCTS: tuple[Product, ...] = (
    _p("HW-1001", "Stainless steel butt hinge 4\"", "不锈钢合页 4寸", HW, "830210", "PCS", "steel", (3.2, 1.1, 0.2), (200, 40, 30, 20), (0.12, 0.8), "SUS304, 100×75×2.5 mm, satin, 4 ball bearings", "SU-002", "SU-003"),
    _p("HW-1002", "Lever door handle on round rose", "圆底座执手门把手", HW, "830241", "SET", "steel", (18.5, 6.0, 2.5), (20, 45, 35, 25), (0.65, 1.0), "zinc alloy, satin nickel, 52 mm rose, with screws", "SU-002", "SU-014"),
    _p("HW-1003", "Laminated steel padlock 40 mm", "叠片挂锁 40mm", HW, "830110", "PCS", "steel", (9.8, 3.5, 0.8), (48, 38, 28, 18), (0.28, 0.9), "hardened shackle, 3 keys, blister card", "SU-003", "SU-002"),
    _p("HW-1004", "Chipboard screw 4×40 mm, box of 200", "刨花板螺丝 4×40 (200支/盒)", HW, "731812", "PCS", "steel", (6.5, 1.2, 1.0), (40, 35, 25, 20), (0.9, 0.8), "pozidriv, yellow zinc plated", "SU-014", "SU-002"),
    _p("HW-1005", "Hex bolt M10×50 grade 8.8", "六角螺栓 M10×50 8.8级", HW, "731815", "KG", "steel", (7.2, 1.5, 0.3), (25, 30, 20, 15), (1.0, 0.5), "DIN 933, zinc plated, sold by weight", "SU-014", "SU-003"),
    _p("HW-1006", "Hex nut M10 class 8", "六角螺母 M10", HW, "731816", "KG", "steel", (7.0, 1.4, 0.3), (25, 30, 20, 15), (1.0, 0.5), "DIN 934, zinc plated, sold by weight", "SU-014", "SU-003"),
    _p("HW-1007", "Common wire nails 75 mm", "圆钉 75mm", HW, "731700", "KG", "steel", (5.2, 0.8, 0.2), (25, 35, 25, 15), (1.0, 0.4), "bright, flat head, 3.1 mm shank", "SU-003", "SU-014"),
    _p("HW-1008", "Galvanised welded link chain 6 mm", "镀锌焊接链条 6mm", HW, "731582", "M", "steel", (5.6, 1.4, 0.2), (50, 35, 30, 20), (0.75, 0.8), "short link, hot-dip galvanised, 50 m per drum", "SU-002", "SU-003"),
    _p("HW-1009", "Swivel castor 75 mm with brake", "万向脚轮带刹车 75mm", HW, "830220", "PCS", "steel", (8.5, 2.8, 0.6), (60, 45, 35, 30), (0.42, 1.2), "TPR wheel, plate 60×60 mm, load 50 kg", "SU-002", "SU-014"),
    _p("HW-1010", "Soft-close drawer slide 450 mm (pair)", "阻尼抽屉滑轨 450mm (副)", HW, "830242", "PR", "steel", (22.0, 6.5, 1.5), (10, 50, 30, 18), (1.6, 1.0), "full extension, 35 kg, zinc plated", "SU-002"),
    _p("HW-1011", "Heavy-duty shelf bracket 250 mm", "重型层板托架 250mm", HW, "830250", "PCS", "steel", (4.1, 1.3, 0.3), (100, 40, 30, 25), (0.22, 0.9), "powder-coated black, 80 kg per pair", "SU-003", "SU-002"),
    _p("HW-1012", "Cabinet knob 32 mm with customer logo", "锌合金柜门拉手 32mm (客户标志)", HW, "830242", "PCS", "steel", (2.2, 0.9, 0.2), (400, 40, 30, 20), (0.045, 0.9), "zinc alloy, brushed brass, engraved logo", "SU-002", custom=True),
    _p("HW-1013", "Stainless steel kitchen sink 780×430 mm", "不锈钢水槽 780×430", HW, "732410", "PCS", "steel", (145.0, 38.0, 12.0), (1, 85, 50, 25), (7.5, 1.5), "SUS304 1.0 mm, single bowl with drainer", "SU-002"),
    _p("KW-2001", "Stainless steel stock pot 24 cm with lid", "不锈钢汤锅 24cm 带盖", KW, "732393", "PCS", "steel", (38.0, 9.0, 4.0), (6, 52, 52, 30), (1.9, 1.8), "18/10, 7.5 l, capsule base, induction", "SU-001", "SU-010"),
    _p("KW-2002", "Non-stick aluminium frying pan 28 cm", "铝制不粘煎锅 28cm", KW, "761510", "PCS", "aluminium", (24.0, 7.0, 3.5), (10, 45, 32, 35), (0.95, 1.5), "forged, PFOA-free coating, bakelite handle", "SU-001", "SU-010"),
    _p("KW-2003", "Cutlery set 24 pieces", "24件不锈钢餐具套装", KW, "821520", "SET", "steel", (32.0, 10.0, 8.0), (8, 45, 35, 30), (1.6, 1.2), "18/0, mirror polish, gift box", "SU-001"),
    _p("KW-2004", "Chef's knife 8\"", "8寸厨师刀", KW, "821192", "PCS", "steel", (14.0, 6.0, 3.0), (50, 42, 32, 28), (0.26, 1.0), "X50CrMoV15, POM handle, blade guard", "SU-001"),
    _p("KW-2005", "Cast iron skillet 26 cm, pre-seasoned", "铸铁煎锅 26cm", KW, "732391", "PCS", "steel", (31.0, 8.0, 3.0), (4, 40, 30, 28), (2.6, 0.8), "vegetable-oil seasoned, two pour spouts", "SU-018"),
    _p("KW-2006", "Stainless steel mixing bowl set of 3", "不锈钢搅拌碗三件套", KW, "732393", "SET", "steel", (16.0, 5.0, 2.5), (12, 40, 40, 30), (0.9, 1.0), "16/20/24 cm, non-slip base", "SU-018"),
    _p("KW-2007", "Double-wall vacuum flask 500 ml", "双层真空保温杯 500ml", KW, "961700", "PCS", "steel", (13.0, 4.0, 2.5), (50, 50, 40, 30), (0.32, 1.5), "SUS304 inner, powder-coated, 12 h hot", "SU-010", "SU-001"),
    _p("KW-2008", "Food storage box set of 5", "塑料保鲜盒五件套", KW, "392410", "SET", "plastics", (9.0, 2.5, 1.8), (24, 55, 40, 35), (0.55, 1.2), "PP, BPA-free, microwave safe, clip lids", "SU-011", "SU-001"),
    _p("KW-2009", "Silicone spatula", "硅胶刮刀", KW, "392490", "PCS", "plastics", (3.2, 1.1, 0.4), (200, 45, 35, 30), (0.07, 1.0), "food-grade silicone, 28 cm, heat-proof 230 °C", "SU-011"),
    _p("KW-2010", "Electric kettle 1.7 l stainless", "1.7升不锈钢电热水壶", KW, "851679", "PCS", "steel", (42.0, 12.0, 6.0), (6, 48, 33, 38), (1.1, 1.3), "2200 W, Strix controller, CE/GS, EU plug", "SU-010", "SU-001"),
    _p("KW-2011", "Enamelled casserole 24 cm", "搪瓷炖锅 24cm", KW, "732394", "PCS", "steel", (45.0, 12.0, 5.0), (4, 56, 30, 28), (3.4, 1.2), "enamelled steel, 4.2 l, glass lid", "SU-001"),
    _p("KW-2012", "Rotary can opener", "手动开罐器", KW, "821000", "PCS", "steel", (4.2, 1.8, 0.6), (120, 40, 30, 25), (0.16, 0.9), "stainless cutting wheel, soft grip", "SU-001", "SU-010"),
    _p("TX-3001", "Men's cotton crew-neck T-shirt 180 g", "男士纯棉圆领T恤 180克", TX, "610910", "PCS", "cotton", (9.5, 4.5, 0.8), (100, 60, 40, 35), (0.19, 1.5), "100% combed cotton, S–XXL assorted", "SU-009", "SU-020"),
    _p("TX-3002", "Men's cotton oxford shirt", "男士纯棉牛津纺衬衫", TX, "620520", "PCS", "cotton", (24.0, 14.0, 1.5), (50, 60, 40, 30), (0.28, 1.2), "100% cotton oxford, button-down collar", "SU-016"),
    _p("TX-3003", "Cotton terry bath towel 70×140 cm", "纯棉浴巾 70×140", TX, "630260", "PCS", "cotton", (14.0, 3.0, 0.8), (40, 60, 40, 40), (0.5, 1.2), "500 g/m², ring-spun cotton, hemmed", "SU-019"),
    _p("TX-3004", "Cotton hand towel 50×90 cm", "纯棉毛巾 50×90", TX, "630260", "PCS", "cotton", (6.0, 1.5, 0.4), (100, 60, 40, 40), (0.2, 1.2), "450 g/m², dobby border", "SU-020", "SU-009"),
    _p("TX-3005", "Printed cotton duvet cover set, double", "纯棉印花被套三件套 (双人)", TX, "630221", "SET", "cotton", (45.0, 12.0, 4.0), (10, 55, 40, 35), (1.7, 1.2), "200×200 cm + 2 pillowcases, reactive print", "SU-020", "SU-009"),
    _p("TX-3006", "Cotton percale fitted sheet, queen", "纯棉床笠 (大号)", TX, "630231", "PCS", "cotton", (22.0, 6.0, 2.0), (20, 55, 40, 35), (0.7, 1.2), "200 thread count, 35 cm pocket", "SU-020"),
    _p("TX-3007", "Cotton crew socks (pair)", "纯棉中筒袜 (双)", TX, "611595", "PR", "cotton", (2.1, 0.9, 0.3), (300, 55, 40, 35), (0.05, 1.2), "80% cotton, EU 39–42 / 43–46", "SU-017"),
    _p("TX-3008", "Cotton canvas tote bag with print", "帆布购物袋 (印客户标志)", TX, "420292", "PCS", "cotton", (5.5, 2.5, 0.3), (200, 50, 40, 40), (0.12, 1.0), "10 oz canvas, 38×42 cm, 1-colour print", "SU-009", custom=True),
    _p("TX-3009", "Men's cotton denim jeans", "男士牛仔裤", TX, "620342", "PCS", "cotton", (38.0, 18.0, 2.0), (30, 60, 40, 40), (0.65, 1.5), "12 oz denim, regular fit, W30–W38", "SU-016"),
    _p("TX-3010", "Cotton fleece hoodie", "纯棉连帽卫衣", TX, "611020", "PCS", "cotton", (32.0, 15.0, 2.0), (30, 60, 45, 40), (0.55, 1.5), "320 g/m² brushed fleece, S–XXL", "SU-017"),
    _p("TX-3011", "Baby cotton bodysuit, 3-pack", "婴儿纯棉连体衣三件装", TX, "611120", "SET", "cotton", (15.0, 7.0, 2.0), (60, 55, 40, 35), (0.21, 1.0), "organic cotton, 0–24 months, OEKO-TEX", "SU-017"),
    _p("TX-3012", "Knitted cotton work gloves (pair)", "棉纱手套 (双)", TX, "611692", "PR", "cotton", (1.4, 0.4, 0.1), (600, 55, 40, 40), (0.045, 1.0), "10 gauge, bleached white, 600 g/dozen", "SU-009", "SU-020"),
    _p("TX-3013", "Cotton table cloth 150×250 cm", "纯棉桌布 150×250", TX, "630251", "PCS", "cotton", (26.0, 6.0, 2.0), (30, 55, 40, 35), (0.6, 1.2), "jacquard weave, stain-resistant finish", "SU-020"),
    _p("TX-3014", "Cotton cushion cover 45×45 cm", "纯棉抱枕套 45×45", TX, "630492", "PCS", "cotton", (5.0, 2.0, 0.5), (200, 55, 40, 40), (0.1, 1.2), "slub cotton, concealed zip", "SU-020", "SU-009"),
    _p("EL-4001", "USB-C PD charger 20 W", "20W USB-C快充充电器", EL, "850440", "PCS", "plastics", (14.0, 4.0, 2.0), (200, 50, 40, 30), (0.06, 1.5), "PD 3.0, EU/UK/US plug, CE FCC", "SU-004", "SU-005"),
    _p("EL-4002", "Power bank 10,000 mAh", "10000毫安移动电源", EL, "850760", "PCS", "plastics", (38.0, 8.0, 3.0), (50, 45, 35, 30), (0.23, 1.2), "Li-polymer 37 Wh, UN38.3, 2 × USB-C", "SU-004", "SU-005"),
    _p("EL-4003", "True wireless earbuds", "真无线蓝牙耳机", EL, "851830", "PCS", "plastics", (32.0, 9.0, 4.0), (100, 50, 40, 35), (0.08, 1.5), "Bluetooth 5.3, ENC, charging case", "SU-005", "SU-004"),
    _p("EL-4004", "Portable Bluetooth speaker 10 W", "便携蓝牙音箱 10W", EL, "851822", "PCS", "plastics", (45.0, 10.0, 5.0), (24, 50, 40, 35), (0.5, 1.5), "2 drivers, IPX5, 12 h battery", "SU-005", "SU-004"),
    _p("EL-4005", "Smartphone 6.5\" 128 GB, export model", "6.5寸智能手机 128G (出口版)", EL, "851713", "PCS", "plastics", (520.0, 60.0, 15.0), (20, 40, 30, 25), (0.35, 1.0), "4G LTE bands 1/3/7/20, Android, CE", "SU-004"),
    _p("EL-4006", "USB-C to USB-C cable 1 m, braided", "USB-C编织数据线 1米", EL, "854442", "PCS", "plastics", (4.5, 1.2, 0.5), (500, 50, 40, 35), (0.04, 1.5), "60 W, nylon braid, retail hang tag", "SU-005", "SU-004"),
    _p("EL-4007", "Power strip, 4 sockets with USB", "四位插座带USB", EL, "853669", "PCS", "plastics", (24.0, 6.0, 3.0), (40, 50, 40, 35), (0.45, 1.5), "Schuko, 1.5 m cable, child protection", "SU-010", "SU-005"),
    _p("EL-4008", "Wi-Fi 6 router AX1800", "Wi-Fi 6 无线路由器 AX1800", EL, "851762", "PCS", "plastics", (95.0, 15.0, 6.0), (10, 45, 35, 30), (0.6, 1.0), "dual band, 4 antennas, 4 × GbE", "SU-004"),
    _p("EL-4009", "Wi-Fi security camera 2K", "2K无线监控摄像头", EL, "852589", "PCS", "plastics", (68.0, 12.0, 5.0), (40, 50, 40, 35), (0.3, 1.5), "pan/tilt, night vision, microSD, app", "SU-004", "SU-005"),
    _p("EL-4010", "Wireless mouse 2.4 GHz", "2.4G无线鼠标", EL, "847160", "PCS", "plastics", (11.0, 3.0, 1.5), (100, 50, 40, 35), (0.07, 1.5), "1600 dpi, silent click, AA battery", "SU-005", "SU-004"),
    _p("EL-4011", "Desk fan 30 cm", "30cm台扇", EL, "841451", "PCS", "plastics", (52.0, 12.0, 6.0), (2, 60, 35, 30), (2.4, 1.0), "40 W, 3 speeds, oscillating", "SU-010"),
    _p("EL-4012", "Hair dryer 2000 W", "2000W电吹风", EL, "851631", "PCS", "plastics", (48.0, 10.0, 5.0), (12, 50, 40, 35), (0.6, 1.2), "ionic, 3 heat / 2 speed, diffuser", "SU-010", "SU-005"),
    _p("FU-5001", "Ergonomic mesh office chair", "人体工学网布办公椅", FU, "940139", "PCS", "steel", (185.0, 45.0, 25.0), (1, 68, 62, 36), (14.5, 2.0), "nylon base, lumbar support, BIFMA X5.1", "SU-006"),
    _p("FU-5002", "Metal bed frame, queen", "铁艺床架 (大号)", FU, "940320", "PCS", "steel", (260.0, 60.0, 30.0), (1, 160, 35, 20), (28.0, 3.0), "powder-coated steel, slatted base 160×200", "SU-006"),
    _p("FU-5003", "Steel filing cabinet, 3 drawers", "三抽钢制文件柜", FU, "940310", "PCS", "steel", (320.0, 70.0, 35.0), (1, 105, 50, 65), (32.0, 3.0), "0.7 mm steel, central lock, A4/foolscap", "SU-006"),
    _p("FU-5004", "Stackable plastic chair", "塑料叠椅", FU, "940180", "PCS", "plastics", (42.0, 8.0, 4.0), (4, 60, 55, 90), (3.2, 1.0), "PP, UV stabilised, stacks 12 high", "SU-006"),
    _p("FU-5005", "Aluminium outdoor sling chair", "铝合金户外躺椅", FU, "940179", "PCS", "aluminium", (120.0, 35.0, 15.0), (2, 90, 60, 40), (4.8, 1.5), "powder-coated frame, textilene sling", "SU-015"),
    _p("FU-5006", "Aluminium outdoor lounge set (sofa, 2 chairs, table)", "铝合金户外沙发四件套", FU, "940171", "SET", "aluminium", (6200.0, 1400.0, 480.0), (1, 200, 90, 80), (68.0, 8.0), "anthracite frame, olefin cushions, glass top", "SU-015"),
    _p("FU-5007", "Three-seat fabric sofa", "三人布艺沙发", FU, "940161", "PCS", "cotton", (1250.0, 350.0, 120.0), (1, 210, 95, 85), (48.0, 6.0), "solid wood frame, cotton-linen cover, removable", "SU-006"),
    _p("FU-5008", "Folding steel table 180 cm", "折叠钢桌 180cm", FU, "940320", "PCS", "steel", (140.0, 30.0, 15.0), (1, 185, 75, 10), (16.0, 2.0), "HDPE top, powder-coated legs", "SU-006"),
    _p("FU-5009", "Memory foam mattress 160×200, roll-packed", "记忆棉床垫 160×200 (卷装)", FU, "940421", "PCS", "plastics", (480.0, 90.0, 40.0), (1, 110, 45, 45), (26.0, 2.0), "22 cm, CertiPUR foam, knitted cover", "SU-006"),
    _p("FU-5010", "Upholstered bar stool, metal frame", "金属框架软包吧凳", FU, "940171", "PCS", "steel", (95.0, 25.0, 12.0), (2, 60, 45, 50), (7.0, 1.5), "faux leather seat, 75 cm, footrest", "SU-015"),
    _p("FU-5011", "Steel shoe rack, 4 tiers", "四层钢制鞋架", FU, "940320", "PCS", "steel", (38.0, 9.0, 5.0), (6, 70, 30, 25), (2.2, 1.0), "epoxy-coated, knock-down", "SU-006"),
    _p("LI-6001", "LED bulb A60 9 W E27", "9W LED球泡 E27", LI, "853952", "PCS", "plastics", (3.6, 0.8, 0.6), (100, 50, 40, 30), (0.045, 1.2), "806 lm, 2700 K, 15,000 h, CE ErP", "SU-007", "SU-008"),
    _p("LI-6002", "LED filament bulb ST64 6 W", "LED灯丝灯 ST64 6W", LI, "853952", "PCS", "plastics", (5.2, 1.2, 0.8), (100, 55, 45, 35), (0.05, 1.2), "amber glass, 2200 K, dimmable", "SU-008", "SU-007"),
    _p("LI-6003", "LED panel light 600×600 40 W", "LED面板灯 600×600 40W", LI, "940542", "PCS", "aluminium", (58.0, 10.0, 6.0), (4, 65, 65, 18), (2.8, 1.5), "4000 K, UGR<19, driver included", "SU-007", "SU-008"),
    _p("LI-6004", "Solar garden light, 4-pack", "太阳能草坪灯 四支装", LI, "940541", "SET", "plastics", (16.0, 4.0, 2.0), (12, 50, 40, 40), (0.7, 1.0), "stainless stake, auto on/off, IP44", "SU-008", "SU-007"),
    _p("LI-6005", "Dimmable LED desk lamp", "可调光LED台灯", LI, "940521", "PCS", "aluminium", (42.0, 9.0, 5.0), (10, 55, 40, 45), (0.9, 1.2), "touch dimmer, USB port, 3 colour temps", "SU-007"),
    _p("LI-6006", "LED ceiling light 24 W round", "24W LED圆形吸顶灯", LI, "940511", "PCS", "aluminium", (28.0, 6.0, 4.0), (6, 45, 45, 40), (1.1, 1.2), "Ø 38 cm, 4000 K, IP44 bathroom", "SU-007", "SU-008"),
    _p("LI-6007", "LED string lights 10 m, warm white", "10米LED暖白灯串", LI, "940531", "PCS", "plastics", (6.5, 2.0, 1.0), (100, 50, 40, 35), (0.12, 1.2), "100 LEDs, 8 modes, IP44 transformer", "SU-008", "SU-007"),
    _p("LI-6008", "Rechargeable LED torch", "充电式LED手电筒", LI, "851310", "PCS", "aluminium", (14.0, 4.0, 2.0), (100, 45, 35, 30), (0.15, 1.2), "1000 lm, USB-C, IPX6, zoom", "SU-007"),
    _p("LI-6009", "LED high bay 150 W", "150W LED工矿灯", LI, "940542", "PCS", "aluminium", (140.0, 25.0, 10.0), (2, 50, 50, 35), (3.6, 1.2), "150 lm/W, 90° lens, IP65", "SU-007"),
    _p("LI-6010", "LED strip 5 m 12 V", "LED灯带 5米 12V", LI, "853951", "ROL", "plastics", (15.0, 3.0, 1.5), (100, 45, 35, 30), (0.12, 1.0), "2835 chips, 60 LED/m, 3M tape", "SU-008", "SU-007"),
    _p("LI-6011", "Outdoor LED wall light IP65", "户外防水LED壁灯", LI, "940542", "PCS", "aluminium", (36.0, 8.0, 4.0), (10, 50, 40, 30), (0.8, 1.2), "up/down beam, anthracite, 2 × 6 W", "SU-007"),
    _p("TL-7001", "Combination spanner set 8–19 mm, 12 pieces", "两用扳手套装 8–19mm 12件", TL, "820411", "SET", "steel", (38.0, 10.0, 5.0), (10, 45, 30, 25), (1.5, 1.0), "CrV, satin chrome, roll pouch", "SU-014", "SU-012"),
    _p("TL-7002", "Adjustable wrench 250 mm", "活动扳手 250mm", TL, "820412", "PCS", "steel", (12.0, 4.0, 1.0), (50, 40, 30, 20), (0.4, 1.0), "CrV, 30 mm jaw, laser scale", "SU-014", "SU-012"),
    _p("TL-7003", "Combination pliers 200 mm", "钢丝钳 200mm", TL, "820320", "PCS", "steel", (9.5, 3.5, 1.0), (60, 40, 30, 20), (0.32, 1.0), "CrV, induction-hardened edges, bi-material grip", "SU-014", "SU-012"),
    _p("TL-7004", "Screwdriver set, 6 pieces", "螺丝刀套装 6件", TL, "820540", "SET", "steel", (14.0, 4.0, 2.5), (24, 45, 35, 25), (0.6, 1.0), "CrMo blades, magnetic tips, PH/SL", "SU-002", "SU-014"),
    _p("TL-7005", "Claw hammer 16 oz, fibreglass handle", "16盎司羊角锤 (玻纤柄)", TL, "820520", "PCS", "steel", (13.0, 4.0, 1.0), (24, 40, 30, 25), (0.7, 1.0), "forged head, anti-vibration grip", "SU-014", "SU-002"),
    _p("TL-7006", "Hand saw 500 mm", "手锯 500mm", TL, "820210", "PCS", "steel", (11.0, 3.5, 1.5), (30, 60, 25, 20), (0.45, 1.0), "7 TPI, hardened teeth, 45°/90° handle", "SU-014"),
    _p("TL-7007", "HSS drill bit set, 19 pieces", "高速钢钻头套装 19件", TL, "820750", "SET", "steel", (16.0, 5.0, 3.0), (40, 40, 30, 25), (0.45, 1.0), "HSS-G 1–10 mm, DIN 338, metal case", "SU-002", "SU-012"),
    _p("TL-7008", "Cordless drill 20 V with 2 batteries", "20V锂电钻 (双电池)", TL, "846721", "SET", "steel", (165.0, 35.0, 15.0), (4, 50, 40, 35), (3.2, 1.2), "2 × 2.0 Ah Li-ion, charger, case", "SU-002", "SU-014"),
    _p("TL-7009", "Angle grinder 115 mm 850 W", "角磨机 115mm 850W", TL, "846729", "PCS", "steel", (72.0, 15.0, 6.0), (6, 50, 35, 30), (2.1, 1.0), "side handle, guard, GS/CE", "SU-002"),
    _p("TL-7010", "Tape measure 5 m", "5米卷尺", TL, "901780", "PCS", "steel", (5.0, 1.6, 0.6), (120, 45, 35, 25), (0.2, 1.0), "19 mm blade, EC class II, belt clip", "SU-014", "SU-012"),
    _p("TL-7011", "Mechanic's tool set, 108 pieces in case", "108件套筒工具组套", TL, "820600", "SET", "steel", (145.0, 30.0, 18.0), (2, 50, 40, 30), (5.8, 1.0), "1/4\" + 1/2\" sockets, ratchets, blow-moulded case", "SU-002", "SU-014"),
    _p("TL-7012", "Bypass pruning secateurs", "修枝剪", TL, "820150", "PCS", "steel", (9.0, 3.0, 1.0), (60, 40, 30, 25), (0.25, 1.0), "SK5 blade, 20 mm cut, safety lock", "SU-014"),
    _p("PK-8001", "Stretch film 500 mm × 300 m, 17 µm", "缠绕膜 500mm×300m 17µm", PK, "392010", "ROL", "plastics", (32.0, 4.0, 1.5), (6, 52, 32, 32), (2.3, 0.6), "LLDPE cast, hand roll, 3\" core", "SU-011", "SU-013"),
    _p("PK-8002", "PP woven bag 50 kg", "PP编织袋 50公斤", PK, "630533", "PCS", "plastics", (0.9, 0.2, 0.05), (1000, 60, 40, 40), (0.06, 1.0), "55×95 cm, 70 g/m², laminated", "SU-013", "SU-011"),
    _p("PK-8003", "PET bottle 500 ml with cap", "PET塑料瓶 500ml 带盖", PK, "392330", "PCS", "plastics", (0.55, 0.1, 0.05), (500, 60, 40, 50), (0.025, 1.5), "28 mm PCO neck, clear, food grade", "SU-011"),
    _p("PK-8004", "Plastic crate 600×400×300 mm", "塑料周转箱 600×400×300", PK, "392310", "PCS", "plastics", (26.0, 4.0, 1.0), (10, 62, 42, 80), (1.9, 0.5), "HDPE, nestable, 55 l", "SU-011", "SU-013"),
    _p("PK-8005", "Aluminium foil container 450 ml", "铝箔餐盒 450ml", PK, "761290", "PCS", "aluminium", (0.35, 0.08, 0.04), (1000, 50, 35, 30), (0.008, 1.2), "with board lid, oven safe", "SU-013"),
    _p("PK-8006", "Tinplate can 1 l with lid", "马口铁罐 1升 带盖", PK, "731021", "PCS", "steel", (2.6, 0.5, 0.2), (100, 55, 45, 45), (0.12, 1.0), "0.23 mm tinplate, lacquered inside", "SU-013", "SU-011"),
    _p("PK-8007", "Polyethylene mailer bag 30×40 cm", "快递袋 30×40", PK, "392321", "PCS", "plastics", (0.28, 0.05, 0.02), (1000, 45, 35, 30), (0.01, 1.0), "60 µm co-extruded, self-seal", "SU-013", "SU-011"),
    _p("PK-8008", "Bubble wrap roll 1 m × 100 m", "气泡膜 1米×100米", PK, "392190", "ROL", "plastics", (38.0, 5.0, 1.0), (1, 100, 60, 60), (4.5, 0.3), "10 mm bubbles, 2-layer", "SU-011"),
    _p("PK-8009", "PET strapping band 16 mm", "PET打包带 16mm", PK, "392690", "ROL", "plastics", (48.0, 5.0, 2.0), (1, 45, 45, 18), (20.0, 0.3), "0.8 mm, 1200 m per roll, green embossed", "SU-011", "SU-013"),
    _p("PK-8010", "Cotton drawstring pouch 25×30 cm", "棉布束口袋 25×30", PK, "630520", "PCS", "cotton", (1.6, 0.6, 0.1), (500, 50, 40, 40), (0.03, 1.0), "natural calico, double drawstring", "SU-013", custom=True),
)  # fmt: skip

PRODUCT_BY_SKU = {p.sku: p for p in PRODUCTS}
CATEGORIES: tuple[str, ...] = (HW, KW, TX, EL, FU, LI, TL, PK)


# --- customers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Customer:
    id: str
    name: str
    aliases: tuple[str, ...]  # names its payments arrive under (Latin letters, as banks send)
    country: str
    language: str
    kind: str  # "new" or "repeat"
    contact: str
    email: str
    phone: str
    address: str
    vat: str
    currency: str
    terms: str
    score: int
    categories: tuple[str, ...]
    size: int  # 1 small … 3 large: how much and how often it buys
    owner: str
    port: str  # UN/LOCODE of discharge
    port_city: str
    city: str  # for DAP and the shipping marks
    incoterm: str  # usual rule for sea freight
    forwarder: str | None  # the buyer's nominated forwarder (F-terms)
    mark: str  # first line of its shipping marks
    po_format: str  # how its PO numbers look: {y} year, {n} running number
    pays: tuple[float, float]  # days after due (mean, spread)
    payer_iban: str = ""
    lc_bank: str = ""
    since: dt.date | None = None  # first order (new customers)
    blocked_from: dt.date | None = None
    notes: tuple[str, ...] = field(default=())  # what its orders' Notes say now and then

    @property
    def blocked(self) -> bool:
        return self.blocked_from is not None


NOTES_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    "en": ("Photos of packed goods before loading, please.", "Pallets: ISPM 15 heat treated."),
    "de": ("Bitte auf Europaletten, max. 1,6 m hoch.", "Bedienungsanleitung auf Deutsch beilegen."),
    "fr": ("Étiquetage en français obligatoire.", "Palettes filmées, 120×80."),
    "es": ("Etiquetas en español obligatorias.", "Enviar fotos de la carga antes del embarque."),
    "pt": ("Manual em português na caixa.", "Enviar certificado de origem."),
    "ar": ("يرجى إرسال شهادة المنشأ مصدقة", "الملصقات باللغتين العربية والإنجليزية"),
    "ja": ("検品レポートを出荷前に送ってください。", "日本語ラベルを貼付のこと。"),
    "zh-CN": ("唛头按客户提供的样式。", "出货前请发装柜照片。"),
}


def _c(
    id: str,
    name: str,
    aliases: str,
    country: str,
    language: str,
    kind: str,
    contact: str,
    email: str,
    phone: str,
    address: str,
    vat: str,
    currency: str,
    terms: str,
    score: int,
    categories: str,
    size: int,
    owner: str,
    port: tuple[str, str, str],
    trade: tuple[str, str | None],
    mark: str,
    po_format: str,
    pays: tuple[float, float],
    payer_iban: str = "",
    lc_bank: str = "",
    since: dt.date | None = None,
    blocked_from: dt.date | None = None,
) -> Customer:
    return Customer(
        id,
        name,
        tuple(a for a in aliases.split(";") if a),
        country,
        language,
        kind,
        contact,
        email,
        phone,
        address,
        vat,
        currency,
        terms,
        score,
        tuple(categories.split(";")),
        size,
        owner,
        port[0],
        port[1],
        port[2],
        trade[0],
        trade[1],
        mark,
        po_format,
        pays,
        payer_iban,
        lc_bank,
        since,
        blocked_from,
        NOTES_BY_LANGUAGE[language],
    )


ON_TIME = (0.0, 3.0)  # pays about on the due date
SLOW = (6.0, 5.0)
LATE = (28.0, 10.0)  # habitually a month late
VERY_LATE = (55.0, 15.0)
NEW_CUSTOMER_CREDIT = "CU-0035"  # onboarded with a small limit; its first order is too big

# id, name, aliases (;), country, language, new/repeat, contact, e-mail, phone, address, VAT,
# currency, payment terms, credit score, categories, size, owner, (POD, POD city, city),
# (usual Incoterm, nominated forwarder), marks, PO format, payment habit, payer IBAN, L/C bank
CUSTOMERS: tuple[Customer, ...] = (
    _c("CU-0001", "Lakeshore Home Goods Inc.", "LAKESHORE HOME GOODS INC;LHG HOLDINGS LLC", "US", "en", "repeat", "Karen Mitchell", "k.mitchell@lakeshorehome.com", "+1 312 555 0142", "2150 W Fulton St, Chicago, IL 60612, USA", "", "USD", "TT30-70 BL", 84, "kitchenware;textiles", 3, OWNER_AMERICAS, ("USLAX", "Los Angeles", "Chicago"), ("FOB", "Expeditors Shanghai"), "LHG", "4500{n:06d}", ON_TIME),
    _c("CU-0002", "Pacific Crest Supply Co.", "PACIFIC CREST SUPPLY CO", "US", "en", "repeat", "Daniel Ortiz", "dortiz@pacificcrestsupply.com", "+1 206 555 0177", "4400 E Marginal Way S, Seattle, WA 98134, USA", "", "USD", "LC SIGHT", 88, "hardware;tools", 3, OWNER_AMERICAS, ("USSEA", "Seattle", "Seattle"), ("FOB", "Flexport Shanghai"), "PCS-SEA", "PC-{y}-{n:04d}", ON_TIME, "", "Citibank"),
    _c("CU-0003", "Bluebonnet Hardware Distributors LLC", "BLUEBONNET HDW DIST LLC", "US", "en", "repeat", "Randy Cole", "rcole@bluebonnethardware.com", "+1 214 555 0190", "1801 Irving Blvd, Dallas, TX 75207, USA", "", "USD", "TT50-50 BS", 35, "hardware;tools", 2, OWNER_AMERICAS, ("USHOU", "Houston", "Dallas"), ("FOB", "CH Robinson Ningbo"), "BHD", "BB{n:05d}", VERY_LATE, blocked_from=dt.date(2026, 5, 1)),
    _c("CU-0004", "Evergreen Outdoor Living LLC", "EVERGREEN OUTDOOR LIVING", "US", "en", "new", "Megan Price", "megan@evergreenoutdoor.com", "+1 503 555 0123", "2900 NW 29th Ave, Portland, OR 97210, USA", "", "USD", "TT30-70 BS", 66, "furniture;lighting", 2, OWNER_AMERICAS, ("USSEA", "Seattle", "Portland"), ("FOB", "Expeditors Shanghai"), "EOL", "EOL-{n:04d}", SLOW, since=dt.date(2026, 7, 20)),
    _c("CU-0005", "Thames Valley Housewares Ltd", "THAMES VALLEY HOUSEWARES LTD", "GB", "en", "repeat", "Oliver Bennett", "oliver.bennett@tvhousewares.co.uk", "+44 118 496 0321", "Unit 7, Suttons Business Park, Reading RG6 1AZ, United Kingdom", "GB412900056", "GBP", "TT30-70 BL", 78, "kitchenware;textiles", 2, OWNER_EUROPE, ("GBFXT", "Felixstowe", "Reading"), ("CIF", None), "TVH", "TV{n:05d}", ON_TIME, "GB60BARC20321410033076"),
    _c("CU-0006", "Northgate Trade Supplies Ltd", "NORTHGATE TRADE SUPPLIES", "GB", "en", "repeat", "Priya Shah", "priya.shah@northgatetrade.co.uk", "+44 113 496 0754", "14 Cross Green Way, Leeds LS9 0SE, United Kingdom", "GB704233181", "GBP", "OA60", 90, "tools;hardware", 2, OWNER_EUROPE, ("GBSOU", "Southampton", "Leeds"), ("CFR", None), "NTS", "NG/{y}/{n:04d}", ON_TIME, "GB97NWBK00000086252760"),
    _c("CU-0007", "Southern Cross Homewares Pty Ltd", "SOUTHERN CROSS HOMEWARES PTY LTD", "AU", "en", "repeat", "Liam O'Connor", "liam@southerncrosshome.com.au", "+61 3 9555 0162", "22 Fitzgerald Rd, Laverton North VIC 3026, Australia", "", "USD", "TT30-70 BL", 72, "kitchenware;lighting", 2, OWNER_AMERICAS, ("AUMEL", "Melbourne", "Melbourne"), ("CFR", None), "SCH", "SC{n:05d}", SLOW),
    _c("CU-0008", "Maple Ridge Hardware Ltd.", "MAPLE RIDGE HARDWARE LTD", "CA", "en", "repeat", "Emily Tremblay", "etremblay@mapleridgehardware.ca", "+1 604 555 0138", "8080 Fraser St, Vancouver, BC V5X 3X7, Canada", "", "USD", "TT30-70 BL", 81, "hardware;tools", 2, OWNER_AMERICAS, ("CAVAN", "Vancouver", "Vancouver"), ("FOB", "Kuehne+Nagel Shanghai"), "MRH", "MR-{y}-{n:03d}", ON_TIME),
    _c("CU-0009", "Quincaillerie Saint-Laurent inc.", "QUINCAILLERIE ST-LAURENT INC", "CA", "fr", "repeat", "Mathieu Gagnon", "m.gagnon@quincaillerie-stlaurent.ca", "+1 514 555 0119", "5600, boulevard Saint-Laurent, Montréal (Québec) H2T 1S6, Canada", "", "USD", "TT30-70 BS", 70, "hardware;lighting", 1, OWNER_EUROPE, ("CAMTR", "Montréal", "Montréal"), ("CFR", None), "QSL", "CMD-{n:05d}", SLOW),
    _c("CU-0010", "Müller & Söhne Haushaltswaren GmbH", "MUELLER UND SOEHNE HAUSHALTSWAREN GMBH;MUELLER + SOEHNE GMBH", "DE", "de", "repeat", "Jürgen Weiß", "j.weiss@mueller-soehne.de", "+49 221 555 3180", "Robert-Perthel-Straße 48, 50739 Köln, Deutschland", "DE174833788", "EUR", "TT30-70 BL", 86, "kitchenware", 3, OWNER_EUROPE, ("DEHAM", "Hamburg", "Köln"), ("CIF", None), "M&S KÖLN", "4500{n:06d}", ON_TIME, "DE67370400445260181590"),
    _c("CU-0011", "Rheinwerk Werkzeughandel GmbH", "RHEINWERK WERKZEUGHANDEL GMBH", "DE", "de", "repeat", "Stefanie Krämer", "s.kraemer@rheinwerk-werkzeug.de", "+49 211 555 7240", "Höher Weg 230, 40231 Düsseldorf, Deutschland", "DE834646869", "EUR", "LC 60", 92, "tools;hardware", 2, OWNER_EUROPE, ("NLRTM", "Rotterdam", "Düsseldorf"), ("CFR", None), "RWH", "B{y}-{n:05d}", ON_TIME, "DE48300501108301661318", "Deutsche Bank"),
    _c("CU-0012", "Lichtkontor Nord GmbH", "LICHTKONTOR NORD GMBH", "DE", "de", "new", "Finn Petersen", "f.petersen@lichtkontor-nord.de", "+49 40 555 9021", "Wendenstraße 130, 20537 Hamburg, Deutschland", "DE410835924", "EUR", "TT50-50 BS", 48, "lighting", 1, OWNER_EUROPE, ("DEHAM", "Hamburg", "Hamburg"), ("FOB", "Hellmann Ningbo"), "LKN", "LK-{n:04d}", SLOW, "DE27200505506091390996", since=dt.date(2026, 6, 10)),
    _c("CU-0013", "Alpenhaus Handels GmbH", "ALPENHAUS HANDELS GMBH", "AT", "de", "repeat", "Katharina Huber", "k.huber@alpenhaus.at", "+43 316 555 412", "Puchstraße 85, 8020 Graz, Österreich", "ATU71284308", "EUR", "TT30-70 BL", 75, "furniture;textiles", 2, OWNER_EUROPE, ("SIKOP", "Koper", "Graz"), ("DAP", None), "ALPENHAUS GRAZ", "AH{y}{n:04d}", ON_TIME, "AT082011103082462819"),
    _c("CU-0014", "Maison Lefèvre SARL", "MAISON LEFEVRE SARL", "FR", "fr", "repeat", "Hélène Lefèvre", "helene@maison-lefevre.fr", "+33 4 72 55 01 64", "12 rue de la Villette, 69003 Lyon, France", "FR59953855756", "EUR", "TT30-70 BL", 58, "kitchenware;textiles", 2, OWNER_EUROPE, ("FRFOS", "Fos-sur-Mer", "Lyon"), ("CIF", None), "MAISON LEFÈVRE", "BC-{y}-{n:04d}", LATE, "FR7630004008237877893287965"),
    _c("CU-0015", "Éclairages Dubois SAS", "ECLAIRAGES DUBOIS SAS", "FR", "fr", "repeat", "Antoine Dubois", "a.dubois@eclairages-dubois.fr", "+33 3 20 55 02 71", "45 avenue de la République, 59110 La Madeleine, France", "FR56643323835", "EUR", "DP SIGHT", 82, "lighting", 2, OWNER_EUROPE, ("BEANR", "Antwerp", "Lille"), ("CFR", None), "ED LILLE", "ED{n:05d}", ON_TIME, "FR7610278060762174218096746"),
    _c("CU-0016", "Distribuciones Iberia Hogar S.A.", "DISTRIBUCIONES IBERIA HOGAR SA;IBERIA HOGAR", "ES", "es", "repeat", "José Ramírez Núñez", "jramirez@iberiahogar.es", "+34 91 555 48 20", "Calle de Albasanz 16, 28037 Madrid, España", "ESB42206417", "EUR", "TT30-70 BL", 77, "kitchenware;furniture;lighting", 3, OWNER_LATAM, ("ESVLC", "Valencia", "Madrid"), ("CIF", None), "IBERIA HOGAR", "PED-{y}-{n:04d}", SLOW, "ES8921000418469290810033"),
    _c("CU-0017", "Ferretería Hermanos García S.L.", "FERRETERIA HNOS GARCIA SL", "ES", "es", "repeat", "Lucía García", "lucia@ferreteriagarcia.es", "+34 96 555 17 33", "Avinguda del Port 210, 46023 València, España", "ESB17466335", "EUR", "TT30-70 BS", 64, "hardware;tools", 1, OWNER_LATAM, ("ESVLC", "Valencia", "Valencia"), ("FOB", "Transitex Ningbo"), "FHG", "FG{n:04d}", ON_TIME, "ES3400491500019075793834"),
    _c("CU-0018", "Comercializadora del Bajío S.A. de C.V.", "COMERCIALIZADORA DEL BAJIO SA DE CV;COMBAJIO", "MX", "es", "repeat", "Alejandro Hernández", "ahernandez@combajio.com.mx", "+52 33 5550 1842", "Av. Lázaro Cárdenas 2300, Col. Las Torres, 44920 Guadalajara, Jal., México", "", "USD", "TT30-70 BL", 55, "hardware;kitchenware", 2, OWNER_LATAM, ("MXZLO", "Manzanillo", "Guadalajara"), ("CFR", None), "BAJÍO GDL", "OC-{y}-{n:04d}", LATE),
    _c("CU-0019", "Importadora Andina Ltda.", "IMPORTADORA ANDINA LTDA", "CL", "es", "repeat", "Camila Rojas", "crojas@importadoraandina.cl", "+56 2 2555 0193", "Av. Américo Vespucio 1501, Pudahuel, Santiago, Chile", "", "USD", "TT30-70 BL", 68, "textiles;kitchenware", 1, OWNER_LATAM, ("CLSAI", "San Antonio", "Santiago"), ("CFR", None), "ANDINA", "IA-{n:04d}", SLOW),
    _c("CU-0020", "Distribuidora El Dorado S.A.S.", "DISTRIBUIDORA EL DORADO SAS", "CO", "es", "repeat", "Andrés Moreno", "amoreno@eldorado-dist.co", "+57 601 555 0148", "Calle 13 # 68-45, Bogotá, Colombia", "", "USD", "TT50-50 BS", 45, "electronics;lighting", 1, OWNER_LATAM, ("COCTG", "Cartagena", "Bogotá"), ("FOB", "Panalpina Shanghai"), "EL DORADO", "DED-{n:04d}", SLOW),
    _c("CU-0021", "Casa & Lar Importadora Ltda.", "CASA E LAR IMPORTADORA LTDA", "BR", "pt", "repeat", "João Gonçalves", "joao.goncalves@casaelar.com.br", "+55 11 5555 0172", "Rua Guaicurus 1200, Água Branca, São Paulo - SP, 05033-002, Brasil", "", "USD", "TT30-70 BL", 71, "kitchenware;furniture", 2, OWNER_LATAM, ("BRSSZ", "Santos", "São Paulo"), ("CFR", None), "CASA&LAR", "PC{y}/{n:04d}", SLOW, "BR710036030500001840191614600"),
    _c("CU-0022", "Ferragens do Porto, Lda.", "FERRAGENS DO PORTO LDA", "PT", "pt", "repeat", "Inês Carvalho", "ines.carvalho@ferragensdoporto.pt", "+351 22 555 0381", "Rua de Serralves 640, 4150-707 Porto, Portugal", "PT533212103", "EUR", "TT30-70 BL", 79, "hardware;tools", 1, OWNER_LATAM, ("PTLEI", "Leixões", "Porto"), ("CIF", None), "FDP", "ENC-{n:04d}", ON_TIME, "PT50003300007017468145330"),
    _c("CU-0023", "مؤسسة النخبة للتجارة العامة", "AL NOKHBA GENERAL TRADING LLC;AL NUKHBA GEN TRDG", "AE", "ar", "repeat", "أحمد الشامسي", "ahmed@alnokhba-trading.ae", "+971 4 555 0163", "مستودع 14، المنطقة الحرة لجبل علي، دبي، الإمارات العربية المتحدة", "", "USD", "TT30-70 BS", 73, "electronics;lighting;kitchenware", 2, OWNER_ASIA, ("AEJEA", "Jebel Ali", "Dubai"), ("CFR", None), "NGT DUBAI", "NGT/PO/{y}/{n:03d}", SLOW, "AE670331895559797114710"),
    _c("CU-0024", "شركة الرياض للأدوات المنزلية", "RIYADH HOUSEHOLD TOOLS CO", "SA", "ar", "repeat", "فيصل العتيبي", "f.alotaibi@riyadhhousehold.sa", "+966 11 555 0127", "طريق الخرج، المنطقة الصناعية الثانية، الرياض 14331، المملكة العربية السعودية", "", "USD", "LC SIGHT", 83, "kitchenware;furniture", 2, OWNER_ASIA, ("SADMM", "Dammam", "Riyadh"), ("CFR", None), "RHT RIYADH", "RHT-{y}-{n:03d}", ON_TIME, "SA3380497465075291703423", "HSBC"),
    _c("CU-0025", "الشركة المصرية للإضاءة الحديثة", "EGYPTIAN MODERN LIGHTING CO", "EG", "ar", "repeat", "محمود عبد الرحمن", "m.abdelrahman@eml-egypt.com", "+20 2 2555 0139", "المنطقة الصناعية، مدينة العاشر من رمضان، الشرقية، مصر", "", "USD", "TT50-50 BS", 42, "lighting;electronics", 1, OWNER_ASIA, ("EGALY", "Alexandria", "10th of Ramadan"), ("FOB", "Sinotrans Ningbo"), "EML CAIRO", "EML{n:04d}", SLOW),
    _c("CU-0026", "株式会社サクラ商事", "SAKURA SHOJI CO LTD;SAKURA SHOJI KK", "JP", "ja", "repeat", "田中 博之", "h.tanaka@sakura-shoji.co.jp", "+81 6 6555 0148", "〒541-0053 大阪府大阪市中央区本町2-3-4 サクラビル5F", "", "JPY", "TT20-80 BL", 91, "kitchenware;textiles", 2, OWNER_ASIA, ("JPOSA", "Osaka", "Osaka"), ("CIF", None), "SAKURA OSAKA", "SK{y}-{n:04d}", ON_TIME),
    _c("CU-0027", "山田金物株式会社", "YAMADA KANAMONO CO LTD", "JP", "ja", "repeat", "山田 健一", "k.yamada@yamada-kanamono.co.jp", "+81 3 5555 0172", "〒111-0053 東京都台東区浅草橋4-5-6", "", "JPY", "OA30", 89, "hardware;tools", 1, OWNER_ASIA, ("JPTYO", "Tokyo", "Tokyo"), ("FOB", "Nippon Express Shanghai"), "YAMADA TOKYO", "YK-{n:05d}", ON_TIME),
    _c("CU-0028", "新加坡丰源贸易私人有限公司", "FENGYUAN TRADING PTE LTD", "SG", "zh-CN", "repeat", "陈志强", "zq.chen@fengyuan.com.sg", "+65 6555 0188", "新加坡 裕廊 先驱路 21号 #04-15 邮区 628459", "", "USD", "TT30-70 BL", 80, "electronics;packaging;hardware", 2, OWNER_ASIA, ("SGSIN", "Singapore", "Singapore"), ("CFR", None), "FY SG", "FY{y}{n:04d}", ON_TIME),
    _c("CU-0029", "马来西亚金龙五金贸易有限公司", "KIM LOONG HARDWARE TRADING SDN BHD", "MY", "zh-CN", "repeat", "林国华", "kh.lim@kimloong.com.my", "+60 3 5555 0164", "马来西亚 雪兰莪州 巴生港 金龙路 8号 42000", "", "USD", "TT30-70 BS", 69, "hardware;tools", 1, OWNER_ASIA, ("MYPKG", "Port Klang", "Port Klang"), ("FOB", "Sinotrans Ningbo"), "KL PKG", "KL-{n:04d}", SLOW),
    _c("CU-0030", "Van Dijk Import B.V.", "VAN DIJK IMPORT BV", "NL", "en", "repeat", "Sanne de Vries", "s.devries@vandijkimport.nl", "+31 10 555 0172", "Waalhaven Z.z. 19, 3089 JH Rotterdam, Nederland", "NL590988222B01", "EUR", "OA30", 87, "packaging;lighting;textiles", 2, OWNER_EUROPE, ("NLRTM", "Rotterdam", "Rotterdam"), ("FOB", "Kuehne+Nagel Ningbo"), "VDI RTM", "VD{n:06d}", ON_TIME, "NL26INGB4821993518"),
    _c("CU-0031", "Cape Coastal Trading (Pty) Ltd", "CAPE COASTAL TRADING PTY LTD", "ZA", "en", "repeat", "Thabo Nkosi", "thabo@capecoastal.co.za", "+27 21 555 0147", "17 Marine Drive, Paarden Eiland, Cape Town 7405, South Africa", "", "USD", "TT40-60 BS", 52, "furniture;hardware", 1, OWNER_ASIA, ("ZACPT", "Cape Town", "Cape Town"), ("CFR", None), "CCT CPT", "CCT{n:04d}", SLOW),
    _c("CU-0032", "Atlas Équipement SARL", "ATLAS EQUIPEMENT SARL", "MA", "fr", "repeat", "Youssef Benali", "y.benali@atlas-equipement.ma", "+212 522 55 01 86", "Zone industrielle Sidi Bernoussi, lot 42, 20600 Casablanca, Maroc", "", "EUR", "TT30-70 BS", 61, "tools;hardware;lighting", 1, OWNER_EUROPE, ("MACAS", "Casablanca", "Casablanca"), ("CFR", None), "ATLAS CASA", "AE-{y}-{n:03d}", SLOW),
    _c("CU-0033", "Polmart Sp. z o.o.", "POLMART SP Z O O", "PL", "en", "repeat", "Agnieszka Kowalska", "a.kowalska@polmart.pl", "+48 22 555 01 93", "ul. Annopol 4A, 03-236 Warszawa, Polska", "PL4173780956", "EUR", "TT30-70 BL", 74, "packaging;kitchenware", 2, OWNER_EUROPE, ("PLGDN", "Gdańsk", "Warsaw"), ("CIF", None), "POLMART WAW", "ZAM/{y}/{n:04d}", ON_TIME, "PL75109010141909378657975432"),
    _c("CU-0034", "Savanna Home Supplies Ltd", "SAVANNA HOME SUPPLIES LTD", "KE", "en", "new", "Grace Wanjiru", "grace@savannahome.co.ke", "+254 20 555 0136", "Enterprise Road, Industrial Area, Nairobi, Kenya", "", "USD", "TT50-50 BS", 46, "kitchenware;textiles", 1, OWNER_ASIA, ("KEMBA", "Mombasa", "Nairobi"), ("CFR", None), "SAVANNA NBO", "SHS-{n:03d}", SLOW, since=dt.date(2026, 5, 25)),
    _c("CU-0035", "Helvetia Haushalt AG", "HELVETIA HAUSHALT AG", "CH", "de", "new", "Reto Baumann", "r.baumann@helvetia-haushalt.ch", "+41 44 555 02 61", "Hardturmstrasse 161, 8005 Zürich, Schweiz", "CHE-135.511.307 MWST", "EUR", "TT30-70 BS", 70, "kitchenware", 2, OWNER_EUROPE, ("NLRTM", "Rotterdam", "Zürich"), ("DAP", None), "HELVETIA ZH", "HH-{y}-{n:03d}", ON_TIME, "CH4100762319487574911", since=dt.date(2026, 10, 1)),
)  # fmt: skip

CUSTOMER_BY_ID = {c.id: c for c in CUSTOMERS}

# Days at sea (or on the road after it) from Ningbo to each port of discharge.
TRANSIT_DAYS: dict[str, int] = {
    "USLAX": 16,
    "USSEA": 15,
    "USHOU": 34,
    "GBFXT": 33,
    "GBSOU": 34,
    "AUMEL": 18,
    "CAVAN": 16,
    "CAMTR": 36,
    "DEHAM": 34,
    "NLRTM": 32,
    "SIKOP": 30,
    "FRFOS": 30,
    "BEANR": 32,
    "ESVLC": 28,
    "MXZLO": 22,
    "CLSAI": 32,
    "COCTG": 34,
    "BRSSZ": 38,
    "PTLEI": 31,
    "AEJEA": 19,
    "SADMM": 21,
    "EGALY": 25,
    "JPOSA": 4,
    "JPTYO": 5,
    "SGSIN": 7,
    "MYPKG": 8,
    "ZACPT": 24,
    "MACAS": 29,
    "PLGDN": 38,
    "KEMBA": 22,
}

# Goods from the partners in Vietnam, India and Turkey sail from there: days at sea by region.
PORT_REGION: dict[str, str] = {
    **dict.fromkeys(("JPOSA", "JPTYO"), "east asia"),
    **dict.fromkeys(("SGSIN", "MYPKG"), "southeast asia"),
    "AUMEL": "oceania",
    **dict.fromkeys(("AEJEA", "SADMM"), "middle east"),
    **dict.fromkeys(("EGALY", "MACAS", "FRFOS", "ESVLC", "SIKOP", "PTLEI"), "mediterranean"),
    **dict.fromkeys(("DEHAM", "NLRTM", "BEANR", "GBFXT", "GBSOU", "PLGDN"), "north europe"),
    **dict.fromkeys(("KEMBA", "ZACPT"), "africa"),
    **dict.fromkeys(("USLAX", "USSEA", "CAVAN", "MXZLO", "CLSAI"), "americas pacific"),
    **dict.fromkeys(("USHOU", "CAMTR", "BRSSZ", "COCTG"), "americas atlantic"),
}
TRANSIT_FROM: dict[str, dict[str, int]] = {
    "VN": {"east asia": 8, "southeast asia": 3, "oceania": 15, "middle east": 16,
           "mediterranean": 24, "north europe": 30, "africa": 20,
           "americas pacific": 22, "americas atlantic": 36},
    "IN": {"east asia": 16, "southeast asia": 8, "oceania": 20, "middle east": 5,
           "mediterranean": 16, "north europe": 22, "africa": 14,
           "americas pacific": 32, "americas atlantic": 30},
    "TR": {"east asia": 30, "southeast asia": 22, "oceania": 32, "middle east": 14,
           "mediterranean": 5, "north europe": 12, "africa": 20,
           "americas pacific": 30, "americas atlantic": 20},
}  # fmt: skip


def transit_days(origin: str, port: str) -> int:
    """Days at sea from the origin's port of loading to a port of discharge."""
    if origin == "CN":
        return TRANSIT_DAYS[port]
    return TRANSIT_FROM[origin][PORT_REGION[port]]


# Ocean carriers (Settings → Carriers) and the container owner prefixes they use.
CARRIER_PREFIXES: dict[str, tuple[str, ...]] = {
    "MAEU": ("MSKU", "MRKU", "MAEU"),
    "MSCU": ("MSCU", "MEDU"),
    "HLCU": ("HLBU", "HLXU"),
}
EXPRESS_CARRIER = "DHL"
