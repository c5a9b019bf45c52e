"""The demo department's catalogue: a Chengdu medical-aesthetics department's items, products, cards,
knowledge base and cases (demo database only). Case pictures are drawn with Pillow — illustrations of skin,
not photographs of people."""

from __future__ import annotations

import io
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFilter

from yimei.audit.services import record_operation
from yimei.catalog import services
from yimei.catalog.models import CatalogImage, TreatmentItem
from yimei.catalog.richtext import image_url
from yimei.core import context

# (name, kind, sort, [sub-categories])
CATEGORIES = [
    ("光电", "energy", 10, ["光子嫩肤", "激光", "抗衰紧致"]),
    ("注射", "injection", 20, ["肉毒素", "玻尿酸", "水光"]),
    ("手术", "surgery", 30, ["眼部整形", "鼻部整形", "形体塑造"]),
    ("皮肤管理", "skin", 40, ["清洁护理", "换肤焕亮", "修护舒缓"]),
]

# (code, name, kind, spec, unit, pack unit, pieces per pack, retail price, manufacturer)
PRODUCTS = [
    ("HA-1ML", "玻尿酸 1ml", "consumable", "1ml/支", "支", "盒", 1, "0", "演示生物医药有限公司"),
    ("BTX-100U", "肉毒素 100U", "consumable", "100U/瓶", "瓶", "盒", 1, "0", "演示生物制品有限公司"),
    ("HYDRA-25", "水光注射液 2.5ml", "consumable", "2.5ml/支", "支", "盒", 5, "0", "演示生物医药有限公司"),
    ("NUMB-10G", "复方利多卡因乳膏（麻膏）", "consumable", "10g/支", "支", "盒", 10, "0", "演示制药有限公司"),
    ("MASK-RP", "医用修复面膜", "both", "25ml/片", "片", "盒", 5, "39.80", "演示医疗器械有限公司"),
    ("GEL-250", "冷凝胶", "consumable", "250g/瓶", "瓶", "箱", 12, "0", "演示医疗器械有限公司"),
    ("TIP-900", "热玛吉治疗头 900 发", "consumable", "900 发/个", "个", "盒", 1, "0", "演示医疗设备有限公司"),
    ("CART-600", "超声刀治疗头 600 线", "consumable", "600 线/个", "个", "盒", 1, "0", "演示医疗设备有限公司"),
    ("BUBBLE-500", "小气泡清洁液", "consumable", "500ml/瓶", "瓶", "箱", 12, "0", "演示化妆品有限公司"),
    ("PEEL-35", "果酸溶液 35%", "consumable", "30ml/瓶", "瓶", "盒", 6, "0", "演示化妆品有限公司"),
    ("SPF50", "医用防晒乳 SPF50+", "retail", "50g/支", "支", "盒", 1, "168.00", "演示化妆品有限公司"),
    ("REPAIR-CR", "修护保湿霜", "retail", "50g/瓶", "瓶", "盒", 1, "268.00", "演示化妆品有限公司"),
]

# (code, name, sub-category, price, unit, minutes, doctor, description, consumables [(product, quantity)])
ITEMS = [
    ("IPL-01", "光子嫩肤 IPL", "光子嫩肤", "1280", "次", 45, False,
     "强脉冲光改善色斑、泛红、毛孔与肤色不均，建议 3–5 次一个疗程，间隔 3–4 周。",
     [("GEL-250", "0.050"), ("MASK-RP", "1")]),
    ("PICO-01", "皮秒激光（全脸）", "激光", "2980", "次", 40, True,
     "皮秒级脉冲击碎色素，用于雀斑、晒斑、肤色暗沉；恢复期短。",
     [("NUMB-10G", "1"), ("MASK-RP", "1")]),
    ("THERM-01", "热玛吉 FLX（全脸 900 发）", "抗衰紧致", "19800", "次", 120, True,
     "单极射频作用于真皮层与筋膜层，刺激胶原新生，改善松弛与细纹。",
     [("TIP-900", "1"), ("NUMB-10G", "1")]),
    ("HIFU-01", "超声刀（全脸 600 线）", "抗衰紧致", "9800", "次", 90, True,
     "聚焦超声作用于 SMAS 筋膜层，提拉紧致轮廓。",
     [("CART-600", "1"), ("NUMB-10G", "1")]),
    ("BTX-100", "肉毒素 100U（除皱）", "肉毒素", "3800", "次", 30, True,
     "用于抬头纹、川字纹、鱼尾纹等动态皱纹，效果维持约 4–6 个月。",
     [("BTX-100U", "1")]),
    ("HA-1ML", "玻尿酸 1ml", "玻尿酸", "4800", "支", 45, True,
     "交联透明质酸填充泪沟、法令纹、唇部与下颏塑形，按支计价。",
     [("HA-1ML", "1"), ("NUMB-10G", "0.500")]),
    ("HYDRA-01", "水光针（基础补水）", "水光", "1680", "次", 60, True,
     "将非交联透明质酸注入真皮浅层，改善干燥、细纹与光泽度。",
     [("HYDRA-25", "1"), ("NUMB-10G", "1"), ("MASK-RP", "1")]),
    ("EYE-01", "双眼皮（全切）", "眼部整形", "12800", "次", 120, True,
     "全切法重睑成形，适合眼皮较厚、松弛或需去除多余皮肤脂肪者。", []),
    ("NOSE-01", "隆鼻（膨体假体）", "鼻部整形", "26800", "次", 150, True,
     "假体垫高鼻背，可联合耳软骨塑形鼻尖。", []),
    ("LIPO-01", "吸脂（腰腹部）", "形体塑造", "22800", "部位", 180, True,
     "负压抽吸皮下脂肪，按部位计价，术后需穿塑身衣 1–3 个月。", []),
    ("BUBBLE-01", "小气泡清洁", "清洁护理", "298", "次", 40, False,
     "真空负压配合清洁液深层清洁毛孔，去除黑头与老化角质。",
     [("BUBBLE-500", "0.050")]),
    ("PEEL-01", "果酸换肤", "换肤焕亮", "680", "次", 45, False,
     "果酸剥脱老化角质，改善痘痘、闭口、毛孔粗大与暗沉。",
     [("PEEL-35", "0.100"), ("MASK-RP", "1")]),
    ("COOL-01", "医用冷喷修护", "修护舒缓", "198", "次", 30, False,
     "冷喷配合医用修复面膜，舒缓术后或敏感泛红。",
     [("MASK-RP", "1")]),
    ("LED-01", "LED 红蓝光", "修护舒缓", "260", "次", 30, False,
     "蓝光抑制痤疮丙酸杆菌，红光促进修复，常配合清洁与刷酸。", []),
]

# Explicit member prices (by tier name) where the clinic prices below the tier's discount.
MEMBER_PRICES = {
    "IPL-01": {"金卡会员": "1080", "铂金会员": "980", "钻石会员": "880"},
    "HYDRA-01": {"金卡会员": "1480", "铂金会员": "1380", "钻石会员": "1280"},
    "PICO-01": {"铂金会员": "2580", "钻石会员": "2380"},
    "BTX-100": {"钻石会员": "3200"},
}

# Operation fee per session by position code; doctors for treatments that need one, nurses or therapists
# for the rest.
def _fees(code: str, doctor: bool, price: Decimal) -> dict[str, str]:
    if code in ("EYE-01", "NOSE-01", "LIPO-01"):
        return {"doctor": "1500", "nurse": "120"}
    if doctor:
        return {"doctor": "300" if price >= 5000 else "200", "nurse": "50"}
    return {"nurse": "40", "therapist": "30"}


ARTICLES: dict[str, list[tuple[str, str, str]]] = {
    "IPL-01": [
        ("indications", "适应症", """<h3>适合哪些问题</h3>
<ul><li>雀斑、晒斑、浅表色素沉着</li><li>面部泛红、毛细血管扩张（红血丝）</li>
<li>毛孔粗大、肤色暗沉不均</li><li>轻度细纹与肤质粗糙</li></ul>
<p>一般 <strong>3–5 次</strong>为一个疗程，每次间隔 3–4 周。</p>"""),
        ("contraindications", "禁忌症", """<ul><li>近 1 个月内暴晒或晒伤、计划治疗后 1 个月内暴晒者</li>
<li>光敏性疾病或近期服用光敏性药物（如异维 A 酸，需停药 3 个月以上）</li>
<li>孕期、哺乳期</li><li>治疗部位有感染、开放性伤口或活动性疱疹</li>
<li>瘢痕体质、对治疗效果期望不切实际者慎做</li></ul>"""),
        ("process", "治疗流程", """<ol><li>面诊评估、VISIA 拍照存档，签署知情同意书</li>
<li>清洁面部，佩戴护目镜</li><li>涂抹冷凝胶，医生按肤质调整能量逐区治疗（约 20 分钟）</li>
<li>清除凝胶，冷敷或敷修复面膜 15 分钟</li><li>涂抹防晒，预约下次治疗</li></ol>
<p><img src="{process_image}" alt="治疗流程示意"></p>"""),
        ("aftercare", "术后护理", """<h3>治疗后 1 周内</h3>
<ul><li>色斑颜色可能暂时加深、结痂，约 5–7 天自行脱落，<strong>不要抠</strong></li>
<li>轻微泛红可冷敷，每次 15 分钟</li><li>避免热水洗脸、桑拿、剧烈运动</li>
<li>严格防晒，外出使用 SPF50+ 防晒并物理遮挡</li>
<li>暂停使用含酸类、维 A 类护肤品</li></ul>"""),
        ("faq", "常见问题", """<p><strong>痛吗？</strong>有轻微橡皮筋弹跳感，一般无需麻醉。</p>
<p><strong>做完能上班吗？</strong>可以，治疗后即可正常工作，次日可化淡妆。</p>
<p><strong>能维持多久？</strong>色斑清除后做好防晒可长期维持，建议每年 1–2 次维养。</p>"""),
    ],
    "HYDRA-01": [
        ("indications", "适应症", """<ul><li>皮肤干燥、缺水、起皮</li><li>肤色暗沉、缺乏光泽</li>
<li>细小干纹、毛孔粗大</li></ul><p>建议前 3 次每月 1 次，之后每 2–3 个月维养。</p>"""),
        ("contraindications", "禁忌症", """<ul><li>孕期、哺乳期</li><li>对透明质酸或利多卡因过敏</li>
<li>治疗区域有炎症、痤疮爆发期</li><li>凝血功能障碍或正在服用抗凝药物</li></ul>"""),
        ("aftercare", "术后护理", """<ul><li>针眼 24 小时内不沾水、不化妆</li>
<li>3 天内敷医用修复面膜，每天 1 片</li><li>1 周内避免饮酒、辛辣、桑拿</li>
<li>少量针眼结痂或淤青属正常，约 3–7 天消退</li></ul>"""),
        ("faq", "常见问题", """<p><strong>多久见效？</strong>一般 3–7 天后皮肤水润度明显提升。</p>
<p><strong>和玻尿酸填充一样吗？</strong>不一样：水光用的是非交联透明质酸，作用于补水而非塑形。</p>"""),
    ],
    "BTX-100": [
        ("indications", "适应症", """<ul><li>抬头纹、川字纹、鱼尾纹等动态皱纹</li>
<li>咬肌肥大（瘦脸）</li><li>腋下多汗</li></ul>"""),
        ("contraindications", "禁忌症", """<ul><li>重症肌无力、多发性硬化等神经肌肉疾病</li>
<li>孕期、哺乳期</li><li>近期使用氨基糖苷类抗生素</li><li>对肉毒毒素过敏者</li></ul>"""),
        ("aftercare", "术后护理", """<ul><li>注射后 4 小时内不要平躺，不要按揉注射部位</li>
<li>24 小时内不化妆，1 周内避免饮酒、桑拿</li>
<li>效果约 3–7 天开始出现，2 周达到稳定，<strong>2 周复诊</strong></li></ul>"""),
    ],
    "EYE-01": [
        ("process", "手术流程", """<ol><li>面诊设计：根据眼型、眉眼距设计宽度与弧度</li>
<li>术前检查：血常规、凝血功能、传染病筛查</li><li>局部麻醉下手术，约 1–1.5 小时</li>
<li>术后冰敷观察 30 分钟后离院</li><li>第 5–7 天拆线</li></ol>"""),
        ("aftercare", "术后护理", """<ul><li>术后 48 小时内间断冰敷，之后改热敷促进消肿</li>
<li>拆线前伤口保持干燥，按医嘱涂抗生素眼膏</li><li>1 个月内禁烟酒、辛辣，避免揉眼</li>
<li>肿胀一般 1–3 个月逐渐消退，3–6 个月形态稳定</li></ul>"""),
    ],
}

CARDS = [
    # (code, name, kind, price, fields, items [(item code, sessions)])
    ("CARD-IPL5", "光子嫩肤 5 次卡", "count", "4980", {"validity_days": 365}, [("IPL-01", 5)]),
    ("CARD-GLOW", "焕肤组合卡（3 次光子 + 2 次水光）", "combo", "5980", {"validity_days": 365},
     [("IPL-01", 3), ("HYDRA-01", 2)]),
    ("CARD-SKIN63", "皮肤管理 6 选 3", "choice", "1980",
     {"validity_days": 180, "choose_count": 3, "allow_repeat": False},
     [("BUBBLE-01", None), ("PEEL-01", None), ("IPL-01", None), ("HYDRA-01", None), ("COOL-01", None),
      ("LED-01", None)]),
    ("SV-10000", "储值 10000 送 2000", "stored_value", "10000",
     {"principal_amount": "10000", "bonus_amount": "2000", "validity_days": 730,
      "description": "消费时本金与赠送金按 10000:2000 同比例扣减；退款仅退本金余额。"}, []),
    ("SV-5000", "储值 5000 送 500", "stored_value", "5000",
     {"principal_amount": "5000", "bonus_amount": "500", "validity_days": 365,
      "description": "消费时本金与赠送金按 5000:500 同比例扣减；退款仅退本金余额。"}, []),
]


# --- pictures -------------------------------------------------------------------------------------


def _png(image: Image.Image, name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def skin_illustration(*, spots: int, redness: float, seed: int, size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A close-up of skin, drawn: a warm tone, some texture, brown spots and redness that fade over a course."""
    rng = random.Random(seed)  # noqa: S311  (a drawing, not a secret)
    width, height = size
    image = Image.new("RGB", size, (238, 206, 180))
    draw = ImageDraw.Draw(image)
    for _ in range(1800):  # texture
        x, y = rng.randrange(width), rng.randrange(height)
        shade = rng.randint(-14, 10)
        draw.point((x, y), fill=(232 + shade, 198 + shade, 172 + shade))
    if redness:
        overlay = Image.new("RGB", size, (226, 150, 140))
        mask = Image.new("L", size, 0)
        mask_draw = ImageDraw.Draw(mask)
        for _ in range(5):
            cx, cy, r = rng.randrange(width), rng.randrange(height), rng.randint(60, 140)
            mask_draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=int(140 * redness))
        image = Image.composite(overlay, image, mask.filter(ImageFilter.GaussianBlur(40)))
        draw = ImageDraw.Draw(image)
    for _ in range(spots):
        cx, cy, r = rng.randrange(20, width - 20), rng.randrange(20, height - 20), rng.randint(3, 9)
        tone = rng.randint(120, 160)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(tone, tone - 45, tone - 70))
    return image.filter(ImageFilter.GaussianBlur(1.2))


def process_illustration() -> Image.Image:
    """Five steps as coloured circles on a line: clean, protect, treat, soothe, protect from sun."""
    image = Image.new("RGB", (720, 200), (250, 247, 244))
    draw = ImageDraw.Draw(image)
    colours = [(140, 190, 230), (120, 120, 120), (232, 160, 90), (150, 205, 170), (245, 205, 110)]
    draw.line((80, 100, 640, 100), fill=(200, 190, 180), width=6)
    for n, colour in enumerate(colours):
        cx = 80 + n * 140
        draw.ellipse((cx - 42, 58, cx + 42, 142), fill=colour, outline=(255, 255, 255), width=5)
        draw.ellipse((cx - 12, 88, cx + 12, 112), fill=(255, 255, 255))
    return image


def _store(image: Image.Image, name: str) -> CatalogImage:
    return services.store_image(operator=None, upload=_png(image, name))


# --- seed -----------------------------------------------------------------------------------------


@transaction.atomic
def seed_catalog() -> int:
    """Load the demo catalogue once (when there are no items). Returns how many items were created."""
    if TreatmentItem.objects.exists():
        return 0
    with context.request_context(context.RequestContext(request_id="seed-demo", actor="系统")):
        count = _seed()
        record_operation(module="catalog", action="seed_demo",
                         message=f"载入演示项目与商品：项目 {count} 个、商品 {len(PRODUCTS)} 个、卡项 {len(CARDS)} 个")
    return count


def _seed() -> int:
    from yimei.accounts.models import Position
    from yimei.customers.generator import ensure_reference_data
    from yimei.customers.models import MembershipTier

    ensure_reference_data()  # the membership tiers that member prices refer to
    tiers = {t.name: t for t in MembershipTier.objects.all()}
    positions = {p.code: p for p in Position.objects.filter(code__in=["doctor", "nurse", "therapist"])}

    categories = {}
    for name, kind, sort, children in CATEGORIES:
        root = services.create_category(operator=None, name=name, kind=kind, sort=sort)
        for n, child in enumerate(children, start=1):
            categories[child] = services.create_category(operator=None, name=child, parent=root, sort=n * 10)

    products = {}
    for code, name, kind, spec, unit, pack_unit, pieces, price, maker in PRODUCTS:
        products[code] = services.create_product(
            operator=None, code=code, name=name, kind=kind, spec=spec, unit=unit, pack_unit=pack_unit,
            pieces_per_pack=pieces, price_amount=price, manufacturer=maker)

    items = {}
    for sort, (code, name, category, price, unit, minutes, doctor, description, used) in enumerate(ITEMS, 1):
        fees = _fees(code, doctor, Decimal(price))
        items[code] = services.create_item(
            operator=None, code=code, name=name, category=categories[category], price_amount=price,
            session_unit=unit, duration_minutes=minutes, requires_doctor=doctor, description=description,
            sort=sort * 10,
            tier_prices=[{"tier": tiers[t].pk, "price_amount": p} for t, p in MEMBER_PRICES.get(code, {}).items()
                         if t in tiers],
            consumables=[{"product": products[p].pk, "quantity": q} for p, q in used],
            operation_fees=[{"position": positions[p].pk, "fee_amount": f} for p, f in fees.items()
                            if p in positions])

    for sort, (code, name, kind, price, fields, contents) in enumerate(CARDS, 1):
        services.create_card_type(
            operator=None, code=code, name=name, kind=kind, price_amount=price, sort=sort * 10, **fields,
            card_items=[{"item": items[i].pk, "sessions": n} for i, n in contents])

    process_image = _store(process_illustration(), "process.png")
    for code, articles in ARTICLES.items():
        for sort, (kind, title, body) in enumerate(articles, 1):
            services.create_article(operator=None, item=items[code], kind=kind, title=title, sort=sort * 10,
                                    body_html=body.replace("{process_image}", image_url(process_image.pk)))

    course = [_store(skin_illustration(spots=spots, redness=red, seed=11), f"ipl-{n}.png")
              for n, (spots, red) in enumerate([(46, 0.9), (22, 0.5), (6, 0.15)])]
    services.create_case(
        operator=None, item=items["IPL-01"], name="光子嫩肤 3 次：色斑与泛红改善（示意图）",
        description="30 岁女性，面颊散在晒斑伴泛红，3 次光子嫩肤，间隔 4 周。图为示意插图，非真实照片。",
        pictures=[{"image": course[0].pk, "caption": "治疗前"}, {"image": course[1].pk, "caption": "第 1 次后 4 周"},
                  {"image": course[2].pk, "caption": "第 3 次后 4 周"}])
    dry = [_store(skin_illustration(spots=8, redness=red, seed=23), f"hydra-{n}.png")
           for n, red in enumerate([0.7, 0.2])]
    services.create_case(
        operator=None, item=items["HYDRA-01"], name="水光针：干燥泛红肌肤补水（示意图）",
        description="换季干燥、局部泛红，水光针 2 次后肤色均匀、光泽度提升。图为示意插图，非真实照片。",
        pictures=[{"image": dry[0].pk, "caption": "治疗前"}, {"image": dry[1].pk, "caption": "第 2 次后 2 周"}])
    return len(items)
