"""The customer file (客户档案): customers, their tags, tiers and consents, visits, consultations, doctors'
assessments, complaints and the one timeline every module writes to."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from yimei.core.models import ChangeLoggedModel, RestrictedManager, TimeStampedModel
from yimei.core.personal import EncryptedTextField, PersonalDataModel
from yimei.customers.choices import (
    ComplaintCategory,
    ComplaintChannel,
    ComplaintStatus,
    ConsentKind,
    ConsentSource,
    ConsultationKind,
    ConsultationOutcome,
    Gender,
    NoDealReason,
    TierBasis,
    TriageTarget,
    VisitKind,
    VisitStatus,
)

STAFF = settings.AUTH_USER_MODEL


class SourceChannel(ChangeLoggedModel, TimeStampedModel):
    """来源渠道: 网电, 自然到店, 转介绍, 美团, 新氧, 抖音, 推广二维码 … configurable by the department."""

    name = models.CharField("名称", max_length=32, unique=True)
    sort = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = "来源渠道"
        verbose_name_plural = verbose_name
        ordering = ["sort", "id"]

    def __str__(self) -> str:
        return self.name


class TagCategory(ChangeLoggedModel, TimeStampedModel):
    name = models.CharField("名称", max_length=32, unique=True)
    sort = models.PositiveIntegerField("排序", default=0)

    objects = RestrictedManager()

    class Meta:
        verbose_name = "标签分类"
        verbose_name_plural = verbose_name
        ordering = ["sort", "id"]

    def __str__(self) -> str:
        return self.name


class Tag(ChangeLoggedModel, TimeStampedModel):
    category = models.ForeignKey(TagCategory, verbose_name="分类", on_delete=models.PROTECT, related_name="tags")
    name = models.CharField("名称", max_length=32)
    color = models.CharField("颜色", max_length=16, blank=True, default="")
    sort = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = "标签"
        verbose_name_plural = verbose_name
        ordering = ["category__sort", "sort", "id"]
        constraints = [
            models.UniqueConstraint(fields=["category", "name"], name="tag_unique_name_per_category",
                                    violation_error_message="该分类下已有同名标签。"),
        ]

    def __str__(self) -> str:
        return self.name


class MembershipTier(ChangeLoggedModel, TimeStampedModel):
    """会员等级: reached by cumulative spend or points; the highest tier reached applies."""

    name = models.CharField("名称", max_length=32, unique=True)
    basis = models.CharField("依据", max_length=16, choices=TierBasis.choices, default=TierBasis.SPEND)
    threshold_amount = models.DecimalField("累计消费门槛（元）", max_digits=14, decimal_places=2,
                                           default=Decimal("0.00"))
    threshold_points = models.PositiveIntegerField("积分门槛", default=0)
    discount_rate = models.DecimalField("折扣率", max_digits=4, decimal_places=3, default=Decimal("1.000"),
                                        help_text="0.950 表示 95 折；1.000 表示不打折。")
    benefits = models.TextField("权益", blank=True, default="")
    sort = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = "会员等级"
        verbose_name_plural = verbose_name
        ordering = ["sort", "threshold_amount", "threshold_points", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(discount_rate__gt=0) & Q(discount_rate__lte=1),
                                   name="tier_discount_rate_range",
                                   violation_error_message="折扣率须大于 0 且不超过 1。"),
            models.CheckConstraint(condition=Q(threshold_amount__gte=0), name="tier_threshold_not_negative",
                                   violation_error_message="门槛不能为负数。"),
        ]

    def __str__(self) -> str:
        return self.name


class Customer(PersonalDataModel, ChangeLoggedModel, TimeStampedModel):
    """One person's file. Every other module points here; merging moves all of it to another customer."""

    name = models.CharField("姓名", max_length=32)
    # Search keys derived from the name on save: 张三 → "zhangsan", "zs".
    name_pinyin = models.CharField("姓名全拼", max_length=128, default="", editable=False)
    name_initials = models.CharField("姓名首字母", max_length=32, default="", editable=False)
    gender = models.CharField("性别", max_length=8, choices=Gender.choices, default=Gender.UNKNOWN)
    birthday = models.DateField("生日（公历）", null=True, blank=True)
    lunar_birth_month = models.PositiveSmallIntegerField("农历生日月", null=True, blank=True)
    lunar_birth_day = models.PositiveSmallIntegerField("农历生日日", null=True, blank=True)
    lunar_birth_leap = models.BooleanField("农历闰月", default=False)

    phone = EncryptedTextField("手机号", mask="phone")
    phone_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    phone_last4 = models.CharField(max_length=4, blank=True, default="", editable=False)
    id_number = EncryptedTextField("身份证号", mask="id_number")
    id_number_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    id_number_last4 = models.CharField(max_length=4, blank=True, default="", editable=False)

    wechat_openid = models.CharField("微信 openid", max_length=64, blank=True, default="", db_index=True)
    wechat_unionid = models.CharField("微信 unionid", max_length=64, blank=True, default="", db_index=True)
    wechat_bound_at = models.DateTimeField("微信绑定时间", null=True, blank=True)

    source = models.ForeignKey(SourceChannel, verbose_name="来源渠道", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="customers")
    referrer_customer = models.ForeignKey("self", verbose_name="推荐客户", null=True, blank=True,
                                          on_delete=models.SET_NULL, related_name="referred_customers")
    referrer_staff = models.ForeignKey(STAFF, verbose_name="推荐员工", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="referred_customers")
    consultant = models.ForeignKey(STAFF, verbose_name="现场咨询", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="consulted_customers")
    online_consultant = models.ForeignKey(STAFF, verbose_name="网电咨询", null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="online_customers")
    # The unit the file belongs to (the owning consultant's team, else the registering staff's unit).
    org_unit = models.ForeignKey("accounts.OrgUnit", verbose_name="归属单元", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="customers")
    tier = models.ForeignKey(MembershipTier, verbose_name="会员等级", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="customers")
    tags = models.ManyToManyField(Tag, through="CustomerTag", related_name="customers", blank=True)

    allergies = models.TextField("过敏史", blank=True, default="")
    contraindications = models.TextField("禁忌症", blank=True, default="")
    notes = models.TextField("备注", blank=True, default="")

    marketing_consent = models.BooleanField("同意接收营销信息", default=False)
    marketing_consent_at = models.DateTimeField("营销同意时间", null=True, blank=True)
    photo_consent = models.BooleanField("同意照片用于案例", default=False)
    photo_consent_at = models.DateTimeField("照片同意时间", null=True, blank=True)

    card_number = models.CharField("会员卡号", max_length=32, blank=True, default="")
    legacy_id = models.CharField("原系统编号", max_length=64, blank=True, default="")

    # Figures kept by the services that change them (visits here; spend and points by sales later).
    first_visit_on = models.DateField("首次到院", null=True, blank=True)
    last_visit_on = models.DateField("最近到院", null=True, blank=True)
    visit_count = models.PositiveIntegerField("到院次数", default=0)
    cumulative_spend_amount = models.DecimalField("累计消费（元）", max_digits=14, decimal_places=2,
                                                  default=Decimal("0.00"))
    points = models.IntegerField("积分", default=0)

    created_by = models.ForeignKey(STAFF, verbose_name="建档人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    merged_into = models.ForeignKey("self", verbose_name="已合并到", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="merged_from")
    is_active = models.BooleanField("有效", default=True)

    objects = RestrictedManager()
    indexed_personal_fields = ("phone", "id_number")
    changelog_exclude = ("phone_hash", "phone_last4", "id_number_hash", "id_number_last4", "name_pinyin",
                         "name_initials")
    scope_owner_field = ("consultant_id", "online_consultant_id")
    scope_unit_field = "org_unit_id"

    class Meta:
        verbose_name = "客户"
        verbose_name_plural = verbose_name
        ordering = ["-id"]
        indexes = [
            # Prefix search (LIKE 'x%') under any database collation.
            # Partial (files not merged away), as every list and search asks: counts need no table reads.
            models.Index(fields=["name"], name="customer_name_prefix", opclasses=["varchar_pattern_ops"],
                         condition=Q(merged_into__isnull=True)),
            models.Index(fields=["name_pinyin"], name="customer_pinyin_prefix", opclasses=["varchar_pattern_ops"],
                         condition=Q(merged_into__isnull=True)),
            models.Index(fields=["name_initials"], name="customer_initials_prefix",
                         opclasses=["varchar_pattern_ops"], condition=Q(merged_into__isnull=True)),
            models.Index(fields=["phone_hash"], name="customer_phone_hash"),
            models.Index(fields=["phone_last4"], name="customer_phone_last4", condition=Q(merged_into__isnull=True)),
            models.Index(fields=["id_number_hash"], name="customer_id_number_hash"),
            models.Index(fields=["card_number"], name="customer_card_number"),
            models.Index(fields=["first_visit_on"], name="customer_first_visit"),
            models.Index(fields=["last_visit_on"], name="customer_last_visit"),
            # A person or tier with a date range: the range scan stays inside that person's (or tier's) files.
            models.Index(fields=["consultant", "created_at"], name="customer_consultant_created",
                         condition=Q(merged_into__isnull=True)),
            models.Index(fields=["online_consultant", "created_at"], name="customer_online_created",
                         condition=Q(merged_into__isnull=True)),
            models.Index(fields=["tier", "last_visit_on"], name="customer_tier_last_visit",
                         condition=Q(merged_into__isnull=True)),
            # An on-site consultant searching their own book by name: the prefix match stays inside the book
            # instead of visiting every one of its files (scattered over the table) to test the name.
            *(models.Index(fields=["consultant", column], name=f"customer_consultant_{suffix}",
                           opclasses=["int8_ops", "varchar_pattern_ops"], condition=Q(merged_into__isnull=True))
              for column, suffix in (("name", "name"), ("name_pinyin", "pinyin"), ("name_initials", "initials"))),
        ]
        constraints = [
            models.UniqueConstraint(fields=["phone_hash"], name="customer_unique_phone",
                                    condition=Q(merged_into__isnull=True) & ~Q(phone_hash=""),
                                    violation_error_message="该手机号已有客户档案。"),
            models.UniqueConstraint(fields=["id_number_hash"], name="customer_unique_id_number",
                                    condition=Q(merged_into__isnull=True) & ~Q(id_number_hash=""),
                                    violation_error_message="该身份证号已有客户档案。"),
            models.UniqueConstraint(fields=["card_number"], name="customer_unique_card_number",
                                    condition=Q(merged_into__isnull=True) & ~Q(card_number=""),
                                    violation_error_message="该会员卡号已被使用。"),
            models.UniqueConstraint(fields=["legacy_id"], name="customer_unique_legacy_id",
                                    condition=~Q(legacy_id=""),
                                    violation_error_message="原系统编号重复。"),
            models.CheckConstraint(condition=Q(cumulative_spend_amount__gte=0), name="customer_spend_not_negative"),
            models.CheckConstraint(
                condition=Q(lunar_birth_month__isnull=True) | Q(lunar_birth_month__gte=1, lunar_birth_month__lte=12),
                name="customer_lunar_month_range"),
            models.CheckConstraint(
                condition=Q(lunar_birth_day__isnull=True) | Q(lunar_birth_day__gte=1, lunar_birth_day__lte=30),
                name="customer_lunar_day_range"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        from yimei.customers.identity import initials_of, pinyin_of

        update_fields = kwargs.get("update_fields")
        if update_fields is None or "name" in update_fields:
            self.name_pinyin = pinyin_of(self.name)
            self.name_initials = initials_of(self.name)
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_pinyin", "name_initials"}
        super().save(*args, **kwargs)


class CustomerTag(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="customer_tags")
    tag = models.ForeignKey(Tag, on_delete=models.PROTECT, related_name="customer_tags")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["customer", "tag"], name="customer_tag_unique")]
        indexes = [models.Index(fields=["tag", "customer"], name="customer_tag_by_tag")]

    def __str__(self) -> str:
        return f"{self.customer_id}:{self.tag_id}"


class CustomerConsent(models.Model):
    """Each grant or withdrawal of a consent, with time and source (append-only history)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField("同意事项", max_length=16, choices=ConsentKind.choices)
    granted = models.BooleanField("同意")
    source = models.CharField("来源", max_length=16, choices=ConsentSource.choices)
    note = models.CharField("说明", max_length=200, blank=True, default="")
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)
    recorded_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["customer", "kind", "-recorded_at"], name="consent_by_customer")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{'同意' if self.granted else '撤回'}"


class CustomerEvent(models.Model):
    """One thing that happened to a customer (DESIGN rule 5). Written only through ``timeline.record_event``."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="events")
    type = models.CharField("类型", max_length=48)
    occurred_at = models.DateTimeField("时间", default=timezone.now)
    actor = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField("操作人", max_length=64, blank=True, default="")
    source_type = models.CharField("来源对象类型", max_length=64, blank=True, default="")
    source_id = models.CharField("来源对象编号", max_length=64, blank=True, default="")
    summary = models.CharField("摘要", max_length=255)
    data = models.JSONField("详情", default=dict, blank=True)

    objects = RestrictedManager()
    scope_owner_field = ("customer__consultant_id", "customer__online_consultant_id")
    scope_unit_field = "customer__org_unit_id"

    class Meta:
        verbose_name = "客户事件"
        verbose_name_plural = verbose_name
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["customer", "-occurred_at", "-id"], name="event_timeline"),
            models.Index(fields=["type", "-occurred_at"], name="event_by_type"),
            models.Index(fields=["source_type", "source_id"], name="event_by_source"),
        ]

    def __str__(self) -> str:
        return self.summary


class Visit(ChangeLoggedModel, TimeStampedModel):
    """到访: one arrival at the department, from check-in through triage to leaving."""

    customer = models.ForeignKey(Customer, verbose_name="客户", on_delete=models.PROTECT, related_name="visits")
    kind = models.CharField("到访类型", max_length=16, choices=VisitKind.choices)
    status = models.CharField("状态", max_length=16, choices=VisitStatus.choices, default=VisitStatus.WAITING)
    arrived_at = models.DateTimeField("到院时间", default=timezone.now)
    # Set when the visit comes from a booking (appointments module).
    appointment_id = models.BigIntegerField("预约编号", null=True, blank=True)
    purpose = models.CharField("到院目的", max_length=200, blank=True, default="")
    triage_target = models.CharField("分诊去向", max_length=16, choices=TriageTarget.choices, blank=True,
                                     default="")
    consultant = models.ForeignKey(STAFF, verbose_name="接诊咨询", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="consultant_visits")
    doctor = models.ForeignKey(STAFF, verbose_name="医生", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="doctor_visits")
    triaged_at = models.DateTimeField("分诊时间", null=True, blank=True)
    triaged_by = models.ForeignKey(STAFF, verbose_name="分诊人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    left_at = models.DateTimeField("离院时间", null=True, blank=True)
    registered_by = models.ForeignKey(STAFF, verbose_name="登记人", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    has_deal = models.BooleanField("已成交", default=False)
    note = models.CharField("备注", max_length=500, blank=True, default="")
    org_unit = models.ForeignKey("accounts.OrgUnit", verbose_name="归属单元", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")

    objects = RestrictedManager()
    scope_owner_field = ("consultant_id", "doctor_id", "registered_by_id")
    scope_unit_field = "org_unit_id"

    class Meta:
        verbose_name = "到访"
        verbose_name_plural = verbose_name
        ordering = ["-arrived_at", "-id"]
        indexes = [
            models.Index(fields=["customer", "-arrived_at"], name="visit_by_customer"),
            models.Index(fields=["status", "arrived_at"], name="visit_waiting_list"),
            models.Index(fields=["-arrived_at"], name="visit_by_time"),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.arrived_at:%Y-%m-%d}"


class Consultation(ChangeLoggedModel, TimeStampedModel):
    """咨询/面诊 record by a consultant."""

    customer = models.ForeignKey(Customer, verbose_name="客户", on_delete=models.PROTECT,
                                 related_name="consultations")
    visit = models.ForeignKey(Visit, verbose_name="到访", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="consultations")
    consultant = models.ForeignKey(STAFF, verbose_name="咨询师", on_delete=models.PROTECT,
                                   related_name="consultations")
    kind = models.CharField("方式", max_length=16, choices=ConsultationKind.choices,
                            default=ConsultationKind.ONSITE)
    consulted_at = models.DateTimeField("咨询时间", default=timezone.now)
    content = models.TextField("咨询内容", blank=True, default="")
    interested_items = models.JSONField("意向项目", default=list, blank=True)
    outcome = models.CharField("结果", max_length=16, choices=ConsultationOutcome.choices,
                               default=ConsultationOutcome.PENDING)
    no_deal_reason = models.CharField("未成交原因", max_length=16, choices=NoDealReason.choices, blank=True,
                                      default="")
    no_deal_note = models.CharField("未成交说明", max_length=200, blank=True, default="")
    next_step = models.CharField("下一步", max_length=200, blank=True, default="")
    next_contact_on = models.DateField("下次联系日期", null=True, blank=True)
    org_unit = models.ForeignKey("accounts.OrgUnit", verbose_name="归属单元", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")

    objects = RestrictedManager()
    scope_owner_field = "consultant_id"
    scope_unit_field = "org_unit_id"

    class Meta:
        verbose_name = "咨询记录"
        verbose_name_plural = verbose_name
        ordering = ["-consulted_at", "-id"]
        indexes = [models.Index(fields=["customer", "-consulted_at"], name="consultation_by_customer"),
                   models.Index(fields=["consulted_at"], name="consultation_by_time")]


class AssessmentForm(ChangeLoggedModel, TimeStampedModel):
    """A structured assessment form the department defines: ``fields`` is a list of
    ``{"key", "label", "type", "options"?, "required"?}``."""

    name = models.CharField("名称", max_length=64, unique=True)
    description = models.CharField("说明", max_length=200, blank=True, default="")
    fields = models.JSONField("字段", default=list)
    sort = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = "评估表"
        verbose_name_plural = verbose_name
        ordering = ["sort", "id"]

    def __str__(self) -> str:
        return self.name


class Assessment(ChangeLoggedModel, TimeStampedModel):
    """医生面诊评估, optionally on a department-defined form."""

    customer = models.ForeignKey(Customer, verbose_name="客户", on_delete=models.PROTECT,
                                 related_name="assessments")
    visit = models.ForeignKey(Visit, verbose_name="到访", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="assessments")
    doctor = models.ForeignKey(STAFF, verbose_name="医生", on_delete=models.PROTECT, related_name="assessments")
    form = models.ForeignKey(AssessmentForm, verbose_name="评估表", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="assessments")
    assessed_at = models.DateTimeField("评估时间", default=timezone.now)
    answers = models.JSONField("评估内容", default=dict, blank=True)
    conclusion = models.TextField("评估结论", blank=True, default="")
    plan = models.TextField("治疗建议", blank=True, default="")
    org_unit = models.ForeignKey("accounts.OrgUnit", verbose_name="归属单元", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")

    objects = RestrictedManager()
    scope_owner_field = "doctor_id"
    scope_unit_field = "org_unit_id"

    class Meta:
        verbose_name = "评估记录"
        verbose_name_plural = verbose_name
        ordering = ["-assessed_at", "-id"]
        indexes = [models.Index(fields=["customer", "-assessed_at"], name="assessment_by_customer")]


class Complaint(ChangeLoggedModel, TimeStampedModel):
    """投诉: content, category, handler, status and resolution."""

    customer = models.ForeignKey(Customer, verbose_name="客户", on_delete=models.PROTECT,
                                 related_name="complaints")
    visit = models.ForeignKey(Visit, verbose_name="到访", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="complaints")
    category = models.CharField("类别", max_length=16, choices=ComplaintCategory.choices)
    channel = models.CharField("渠道", max_length=16, choices=ComplaintChannel.choices,
                               default=ComplaintChannel.ONSITE)
    content = models.TextField("投诉内容")
    received_at = models.DateTimeField("受理时间", default=timezone.now)
    handler = models.ForeignKey(STAFF, verbose_name="处理人", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="handled_complaints")
    status = models.CharField("状态", max_length=16, choices=ComplaintStatus.choices,
                              default=ComplaintStatus.OPEN)
    resolution = models.TextField("处理结果", blank=True, default="")
    resolved_at = models.DateTimeField("解决时间", null=True, blank=True)
    created_by = models.ForeignKey(STAFF, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    org_unit = models.ForeignKey("accounts.OrgUnit", verbose_name="归属单元", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")

    objects = RestrictedManager()
    scope_owner_field = ("handler_id", "created_by_id")
    scope_unit_field = "org_unit_id"

    class Meta:
        verbose_name = "投诉"
        verbose_name_plural = verbose_name
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["customer", "-received_at"], name="complaint_by_customer"),
            models.Index(fields=["status", "-received_at"], name="complaint_by_status"),
        ]
