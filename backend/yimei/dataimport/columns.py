"""The target fields of each kind of import, their column headers in the template, and column mapping.

A mapping is ``{target field key: header of the file's column}``. Without one, a file's headers are
matched to the fields by their template header or a common alias (手机 / 手机号码 / 联系电话 …), ignoring
spaces, full-width brackets and a trailing ``*``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yimei.core.errors import BusinessError
from yimei.dataimport.choices import ImportKind


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the header in the template
    required: bool = False
    help: str = ""
    example: str = ""
    aliases: tuple[str, ...] = ()
    mask: str = ""  # "phone" | "id_number": values are masked in error reports
    text_format: bool = False  # the template formats the column as text (long numbers keep every digit)
    width: int = 14


SEPARATORS_HELP = "多个值用 ; 或 、 分隔"
DATE_HELP = "日期，如 1990-05-20、1990/5/20、19900520 或 Excel 日期格式"
DATETIME_HELP = "日期时间，如 2023-04-01 14:30、2023/4/1 14:30:00；只填日期时按当天 00:00"

CUSTOMER_COLUMNS: tuple[Column, ...] = (
    Column("legacy_id", "原系统编号", True, "客户在原系统中的唯一编号；重复导入时据此识别同一客户", "HIS000123",
           ("客户编号", "原编号", "档案号", "客户ID", "会员编号", "编号", "ID"), text_format=True),
    Column("name", "姓名", True, "客户姓名，最多 32 个字", "张晓梅", ("客户姓名", "名字", "客户名称")),
    Column("phone", "手机号", True, "中国大陆 11 位手机号，可带 +86；同一手机号只能属于一位客户", "13800138000",
           ("手机", "手机号码", "联系电话", "电话", "移动电话", "联系方式"), mask="phone", text_format=True),
    Column("gender", "性别", False, "男 / 女 / 未知；填写身份证号时可留空，自动取身份证中的性别", "女",
           ("性别(男/女)",), width=8),
    Column("birthday", "生日", False, DATE_HELP + "；须与身份证号一致，可留空", "1990-05-20",
           ("出生日期", "生日(公历)", "出生年月日")),
    Column("id_number", "身份证号", False, "18 位居民身份证号，校验位须正确；请设置为文本格式以免末几位变成 0",
           "11010519491231002X", ("身份证", "身份证号码", "证件号码", "证件号"), mask="id_number", text_format=True,
           width=22),
    Column("source", "来源渠道", False, "须为系统中已有的来源渠道名称（网电、自然到店、转介绍、美团 …）", "美团",
           ("来源", "渠道", "客户来源", "来源方式")),
    Column("consultant", "现场咨询(工号)", False, "现场咨询师的员工工号，须为在职员工", "S0012",
           ("现场咨询", "现场咨询工号", "咨询师工号", "所属咨询", "现场顾问"), text_format=True),
    Column("online_consultant", "网电咨询(工号)", False, "网电咨询的员工工号，须为在职员工", "S0031",
           ("网电咨询", "网电咨询工号", "网电顾问"), text_format=True),
    Column("card_number", "会员卡号", False, "最多 32 个字符；不能与其他客户重复", "VIP8001",
           ("卡号", "会员卡", "会员号"), text_format=True),
    Column("tags", "标签", False, f"须为系统中已有的标签，{SEPARATORS_HELP}；同名标签在多个分类中时写作“分类/标签”",
           "敏感肌;VIP", ("客户标签",)),
    Column("allergies", "过敏史", False, "", "青霉素过敏", ("过敏", "过敏史/药物过敏")),
    Column("contraindications", "禁忌症", False, "", "", ("禁忌", "禁忌证")),
    Column("notes", "备注", False, "", "老客户，偏好周末到院", ("说明", "客户备注")),
    Column("created_at", "建档时间", False, DATETIME_HELP + "；留空则为导入时间", "2019-03-08 10:20",
           ("建档日期", "创建时间", "登记时间", "录入时间", "注册时间"), width=18),
)

VISIT_COLUMNS: tuple[Column, ...] = (
    Column("legacy_id", "原系统编号", True, "到访记录在原系统中的唯一编号；重复导入时据此识别", "V20230401001",
           ("到访编号", "到院编号", "记录编号", "编号"), text_format=True),
    Column("customer_legacy_id", "客户原系统编号", True, "客户在原系统中的编号，须已导入客户档案", "HIS000123",
           ("客户编号", "客户档案号", "客户ID"), text_format=True),
    Column("arrived_at", "到院时间", True, DATETIME_HELP, "2023-04-01 14:30", ("到访时间", "来院时间", "到店时间"),
           width=18),
    Column("kind", "到访类型", False, "初诊 / 复诊 / 复查 / 再消费；留空时客户最早一次到访为初诊，其余为复诊", "复诊",
           ("到院类型", "类型")),
    Column("consultant", "接诊咨询(工号)", False, "接诊咨询师的员工工号（可为已离职员工）", "S0012",
           ("接诊咨询", "咨询师工号", "接待人工号"), text_format=True),
    Column("doctor", "医生(工号)", False, "接诊医生的员工工号（可为已离职员工）", "D0003", ("医生", "医生工号"),
           text_format=True),
    Column("purpose", "到院目的", False, "最多 200 个字", "光子嫩肤复查", ("目的", "来院目的")),
    Column("has_deal", "是否成交", False, "是 / 否", "是", ("成交",), width=8),
    Column("left_at", "离院时间", False, DATETIME_HELP, "2023-04-01 16:00", ("离店时间",), width=18),
    Column("note", "备注", False, "最多 500 个字", "", ("说明",)),
)

CONSULTATION_COLUMNS: tuple[Column, ...] = (
    Column("legacy_id", "原系统编号", True, "咨询记录在原系统中的唯一编号；重复导入时据此识别", "Z20230401001",
           ("咨询编号", "记录编号", "编号"), text_format=True),
    Column("customer_legacy_id", "客户原系统编号", True, "客户在原系统中的编号，须已导入客户档案", "HIS000123",
           ("客户编号", "客户档案号", "客户ID"), text_format=True),
    Column("consulted_at", "咨询时间", True, DATETIME_HELP, "2023-04-01 14:40", ("咨询日期", "时间"), width=18),
    Column("consultant", "咨询师(工号)", True, "咨询师的员工工号（可为已离职员工）", "S0012",
           ("咨询师", "咨询师工号", "咨询工号"), text_format=True),
    Column("kind", "咨询方式", False, "现场咨询 / 网络咨询 / 电话咨询，留空为现场咨询", "现场咨询", ("方式",)),
    Column("content", "咨询内容", False, "", "面部色斑，想做光子嫩肤", ("内容", "咨询记录")),
    Column("interested_items", "意向项目", False, SEPARATORS_HELP, "光子嫩肤;水光针", ("意向", "意向项目名称")),
    Column("outcome", "咨询结果", False, "成交 / 未成交 / 待定，留空为待定", "未成交", ("结果", "是否成交")),
    Column("no_deal_reason", "未成交原因", False,
           "价格原因 / 担心效果 / 担心安全/恢复期 / 对比其他机构 / 再考虑 / 需家人同意 / 不适合治疗 / 其他",
           "价格原因", ("未成交原因分类",)),
    Column("no_deal_note", "未成交说明", False, "最多 200 个字", "觉得偏贵", ()),
    Column("next_step", "下一步", False, "最多 200 个字", "一周后电话回访", ("下一步计划",)),
    Column("next_contact_on", "下次联系日期", False, DATE_HELP, "2023-04-08", ("下次联系", "下次回访日期")),
    Column("visit_legacy_id", "到访原系统编号", False, "对应到访记录的原系统编号，须已导入且属于同一客户",
           "V20230401001", ("到访编号",), text_format=True),
)

TAG_COLUMNS: tuple[Column, ...] = (
    Column("category", "分类", True, "标签分类名称，不存在时新建，最多 32 个字", "皮肤类型", ("标签分类", "类别")),
    Column("name", "标签", True, "标签名称，最多 32 个字；同一分类下已有同名标签时保持不变", "敏感肌",
           ("标签名称", "名称")),
    Column("color", "颜色", False, "可留空；如 #fa8c16 或 orange", "", ("标签颜色",), width=10),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    ImportKind.CUSTOMERS: CUSTOMER_COLUMNS,
    ImportKind.VISITS: VISIT_COLUMNS,
    ImportKind.CONSULTATIONS: CONSULTATION_COLUMNS,
    ImportKind.TAGS: TAG_COLUMNS,
}


def columns_of(kind: str) -> tuple[Column, ...]:
    return COLUMNS[kind]


_SPACES = re.compile(r"[\s\u3000]+")


def normalize_header(text: str) -> str:
    text = (text or "").replace("\ufeff", "").strip()
    text = text.replace("（", "(").replace("）", ")").replace("：", "").replace(":", "")
    text = _SPACES.sub("", text).rstrip("*＊").lower()
    return text


@dataclass
class Resolved:
    """Which column of the file feeds each field."""

    index: dict[str, int]  # field key → column index
    mapping: dict[str, str]  # field key → header, as used
    unused: list[str] = field(default_factory=list)  # headers no field reads


def suggest_mapping(kind: str, headers: list[str]) -> dict[str, str | None]:
    """The header each field would read without an explicit mapping (None: not found)."""
    by_name: dict[str, str] = {}
    for header in headers:
        by_name.setdefault(normalize_header(header), header)
    suggestion: dict[str, str | None] = {}
    taken: set[str] = set()
    for column in columns_of(kind):
        found = None
        for name in (column.label, *column.aliases):
            header = by_name.get(normalize_header(name))
            if header is not None and header not in taken:
                found = header
                break
        if found:
            taken.add(found)
        suggestion[column.key] = found
    return suggestion


def resolve_mapping(kind: str, headers: list[str], mapping: dict[str, str] | None) -> Resolved:
    """Check a mapping against the file's headers; raise a clear error for missing or unknown columns."""
    columns = {c.key: c for c in columns_of(kind)}
    mapping = mapping or {}
    unknown_fields = [k for k in mapping if k not in columns]
    if unknown_fields:
        raise BusinessError(f"列对应中有本类导入没有的字段：{'、'.join(map(str, unknown_fields))}。",
                            code="wrong_columns", fields={"mapping": [f"未知字段：{k}" for k in unknown_fields]})
    explicit = {k: str(v) for k, v in mapping.items() if v not in (None, "")}
    chosen = {normalize_header(v) for v in explicit.values()}
    # Fields the mapping leaves out are matched by header, unless the mapping says "none" ("") for them or
    # the header already feeds another field.
    wanted: dict[str, str | None] = {
        k: v for k, v in suggest_mapping(kind, headers).items()
        if k not in mapping and (v is None or normalize_header(v) not in chosen)
    }
    wanted.update(explicit)
    positions: dict[str, list[int]] = {}
    for i, header in enumerate(headers):
        positions.setdefault(normalize_header(header), []).append(i)
    index: dict[str, int] = {}
    problems: list[str] = []
    absent: list[str] = []
    for key, header in wanted.items():
        if not header:
            continue
        found = positions.get(normalize_header(str(header)), [])
        if not found:
            absent.append(f"“{header}”（{columns[key].label}）")
        elif len(found) > 1:
            problems.append(f"文件中有 {len(found)} 列都叫“{header}”，请改名后再上传")
        else:
            index[key] = found[0]
    if absent:
        problems.insert(0, f"列对应中指定的列在文件中不存在：{'、'.join(absent)}")
    missing = [c.label for c in columns.values() if c.required and c.key not in index and not wanted.get(c.key)]
    if missing:
        problems.insert(0, f"文件缺少必填列：{'、'.join(missing)}")
    if problems:
        shown = "、".join(f"“{h}”" for h in headers[:30]) + (" …" if len(headers) > 30 else "")
        message = ("；".join(problems) + f"。文件中的列为：{shown}。"
                   "请使用导入模板，或在“列对应”中为每个必填项选择文件中的列。")
        raise BusinessError(message, code="wrong_columns", fields={"mapping": problems})
    used = set(index.values())
    return Resolved(index=index, mapping={k: headers[i] for k, i in index.items()},
                    unused=[h for i, h in enumerate(headers) if i not in used])
