"""Consultations, assessment forms, assessments and complaints API:
``/api/v1/consultations/``, ``/api/v1/assessment-forms/``, ``/api/v1/assessments/``, ``/api/v1/complaints/``."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Count, QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from yimei.core.api import RestrictedViewSet
from yimei.core.filters import PersonalSearchFilter
from yimei.customers import records as services
from yimei.customers.api.serializers import StaffRefSerializer
from yimei.customers.api.visits import (
    CustomerBriefSerializer,
    IdFilter,
    LocalDateRangeFilterSet,
    customer_field,
    date_from,
    date_to,
    reachable_customer,
    staff_field,
)
from yimei.customers.choices import (
    ComplaintCategory,
    ComplaintChannel,
    ComplaintStatus,
    ConsultationKind,
    ConsultationOutcome,
    FormFieldType,
    NoDealReason,
)
from yimei.customers.models import Assessment, AssessmentForm, Complaint, Consultation, Visit

CUSTOMER_SEARCH = ["^customer__name", "^customer__name_pinyin", "^customer__name_initials"]


def visit_field() -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        queryset=Visit.objects.all(), required=False, allow_null=True, label="到访", error_messages={
            "does_not_exist": "所选到访不存在。", "incorrect_type": "到访须为到访编号。"})


class _Viewset(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    filter_backends = [DjangoFilterBackend, PersonalSearchFilter, OrderingFilter]
    search_fields = CUSTOMER_SEARCH
    phone_search_field = "customer__phone"
    audit_module = "customers"

    def _respond(self, obj: Any, code: int = status.HTTP_200_OK) -> Response:
        self.ensure_in_scope(obj)
        obj = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(obj).data, status=code)


# --- consultations --------------------------------------------------------------------------------


class ConsultationSerializer(serializers.ModelSerializer):
    customer = CustomerBriefSerializer(read_only=True)
    consultant = StaffRefSerializer(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)
    no_deal_reason_display = serializers.CharField(source="get_no_deal_reason_display", read_only=True)
    interested_items = serializers.ListField(child=serializers.CharField(), read_only=True, label="意向项目")

    class Meta:
        model = Consultation
        fields = ["id", "customer", "visit", "consultant", "kind", "kind_display", "consulted_at", "content",
                  "interested_items", "outcome", "outcome_display", "no_deal_reason", "no_deal_reason_display",
                  "no_deal_note", "next_step", "next_contact_on", "org_unit", "created_at", "updated_at"]
        read_only_fields = fields


class ConsultationUpdateSerializer(serializers.Serializer):
    visit = visit_field()
    consultant = staff_field("咨询师")
    kind = serializers.ChoiceField(choices=ConsultationKind.choices, default=ConsultationKind.ONSITE,
                                   label="咨询方式")
    consulted_at = serializers.DateTimeField(required=False, allow_null=True, label="咨询时间",
                                             help_text="默认为当前时间")
    content = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="",
                                    label="咨询内容")
    interested_items = serializers.ListField(child=serializers.CharField(max_length=50, allow_blank=True),
                                             max_length=30, required=False, default=list, label="意向项目")
    outcome = serializers.ChoiceField(choices=ConsultationOutcome.choices, default=ConsultationOutcome.PENDING,
                                      label="结果")
    no_deal_reason = serializers.ChoiceField(choices=NoDealReason.choices, required=False, allow_blank=True,
                                             default="", label="未成交原因")
    no_deal_note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                         label="未成交说明")
    next_step = serializers.CharField(max_length=200, required=False, allow_blank=True, default="", label="下一步")
    next_contact_on = serializers.DateField(required=False, allow_null=True, label="下次联系日期")


class ConsultationCreateSerializer(ConsultationUpdateSerializer):
    customer = customer_field()


class ConsultationFilter(LocalDateRangeFilterSet):
    customer = IdFilter(field_name="customer_id", label="客户")
    consultant = IdFilter(field_name="consultant_id", label="咨询师")
    visit = IdFilter(field_name="visit_id", label="到访")
    outcome = django_filters.MultipleChoiceFilter(choices=ConsultationOutcome.choices, label="结果")
    kind = django_filters.MultipleChoiceFilter(choices=ConsultationKind.choices, label="咨询方式")
    consulted_from = date_from("consulted_at", "咨询日期起")
    consulted_to = date_to("consulted_at", "咨询日期止")

    class Meta:
        model = Consultation
        fields = ["customer", "consultant", "visit", "outcome", "kind", "no_deal_reason"]


class ConsultationViewSet(_Viewset):
    """咨询记录: the consultant, items the customer is interested in, the outcome and the next step."""

    queryset = Consultation.objects.select_related("customer", "consultant").defer("customer__id_number")
    serializer_class = ConsultationSerializer
    filterset_class = ConsultationFilter
    ordering_fields = ["consulted_at", "id", "next_contact_on"]
    ordering = ["-consulted_at", "-id"]
    permission_codes = {
        "list": "customers.consultation.view", "retrieve": "customers.consultation.view",
        "create": "customers.consultation.add", "partial_update": "customers.consultation.change",
    }

    @extend_schema(summary="咨询记录列表")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="咨询记录详情")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=ConsultationCreateSerializer, responses={201: ConsultationSerializer},
                   summary="新建咨询记录", description="未成交须选择原因；成交结果不生成订单（订单由收费模块开具）。")
    def create(self, request: Request) -> Response:
        serializer = ConsultationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        customer = reachable_customer(request.user, data.pop("customer"))
        self.audit_object = consultation = services.record_consultation(customer, operator=request.user, **data)
        return self._respond(consultation, status.HTTP_201_CREATED)

    @extend_schema(request=ConsultationUpdateSerializer, responses=ConsultationSerializer, summary="修改咨询记录")
    def partial_update(self, request: Request, pk: str) -> Response:
        consultation = self.get_object()
        serializer = ConsultationUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        self.audit_object = consultation = services.update_consultation(
            consultation, operator=request.user, **serializer.validated_data)
        return self._respond(consultation)


# --- assessment forms -----------------------------------------------------------------------------


class FormFieldSerializer(serializers.Serializer):
    """One field of an assessment form (documentation of the ``fields`` items)."""

    key = serializers.RegexField(r"^[a-z0-9_]{1,32}$", label="标识", help_text="小写字母、数字、下划线；表内唯一")
    label = serializers.CharField(max_length=64, label="名称")
    type = serializers.ChoiceField(choices=FormFieldType.choices, label="类型")
    options = serializers.ListField(child=serializers.CharField(max_length=50), required=False,
                                    label="选项", help_text="单选、多选字段必填，不能重复")
    required = serializers.BooleanField(required=False, default=False, label="必填")
    help = serializers.CharField(max_length=200, required=False, label="说明")


@extend_schema_field(FormFieldSerializer(many=True))
class FormFieldsField(serializers.JSONField):
    """The form's fields, checked by the service with an error per item (``fields.2.options``)."""


class AssessmentFormSerializer(serializers.ModelSerializer):
    fields = FormFieldsField(label="字段")
    used_count = serializers.IntegerField(read_only=True, label="已使用次数")

    class Meta:
        model = AssessmentForm
        fields = ["id", "name", "description", "fields", "sort", "is_active", "used_count", "created_at",
                  "updated_at"]
        read_only_fields = ["used_count", "created_at", "updated_at"]
        extra_kwargs = {"name": {"validators": []}}  # the service names the clash in Chinese


class AssessmentFormViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """评估表: forms a department defines for doctors' assessments. A short list: unpaginated."""

    queryset = AssessmentForm.objects.all()
    serializer_class = AssessmentFormSerializer
    pagination_class = None
    filterset_fields = ["is_active"]
    search_fields = ["name", "description"]
    ordering_fields = ["sort", "id", "name"]
    ordering = ["sort", "id"]
    audit_module = "customers"
    permission_codes = {
        "list": "customers.assessment.view", "retrieve": "customers.assessment.view",
        "create": "customers.settings.manage", "partial_update": "customers.settings.manage",
        "destroy": "customers.settings.manage",
    }

    def get_queryset(self) -> QuerySet:
        # Forms are the department's shared settings, owned by no one and no unit: the function permission
        # (checked before this) decides, not the data scope, which would hide them from "own"-scope doctors.
        return AssessmentForm.objects.annotate(used_count=Count("assessments")).order_by(*self.ordering)

    def _respond(self, form: AssessmentForm, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=form.pk)).data, status=code)

    @extend_schema(summary="评估表列表")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="评估表详情")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(summary="新建评估表")
    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = form = services.create_assessment_form(operator=request.user, **serializer.validated_data)
        return self._respond(form, status.HTTP_201_CREATED)

    @extend_schema(summary="修改评估表", description="已填写的评估记录保留填写时的内容。")
    def partial_update(self, request: Request, pk: str) -> Response:
        form = self.get_object()
        serializer = self.get_serializer(form, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        self.audit_object = form = services.update_assessment_form(form, operator=request.user,
                                                                   **serializer.validated_data)
        return self._respond(form)

    @extend_schema(summary="删除评估表", description="已被评估记录使用的评估表不能删除，可停用。")
    def destroy(self, request: Request, pk: str) -> Response:
        self.audit_object = form = self.get_object()
        services.delete_assessment_form(form, operator=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- assessments ----------------------------------------------------------------------------------


class AssessmentSerializer(serializers.ModelSerializer):
    customer = CustomerBriefSerializer(read_only=True)
    doctor = StaffRefSerializer(read_only=True)
    form_name = serializers.CharField(source="form.name", read_only=True, allow_null=True, label="评估表名称")
    answers = serializers.DictField(read_only=True, label="评估内容", help_text="字段标识 → 填写的值")

    class Meta:
        model = Assessment
        fields = ["id", "customer", "visit", "doctor", "form", "form_name", "assessed_at", "answers", "conclusion",
                  "plan", "org_unit", "created_at", "updated_at"]
        read_only_fields = fields


class AssessmentUpdateSerializer(serializers.Serializer):
    doctor = staff_field("医生")
    form = serializers.PrimaryKeyRelatedField(
        queryset=AssessmentForm.objects.all(), required=False, allow_null=True, label="评估表", error_messages={
            "does_not_exist": "所选评估表不存在。", "incorrect_type": "评估表须为编号。"})
    visit = visit_field()
    answers = serializers.DictField(required=False, default=dict, label="评估内容", help_text="字段标识 → 填写的值")
    conclusion = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="",
                                       label="评估结论")
    plan = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="", label="治疗建议")
    assessed_at = serializers.DateTimeField(required=False, allow_null=True, label="评估时间",
                                            help_text="默认为当前时间")


class AssessmentCreateSerializer(AssessmentUpdateSerializer):
    customer = customer_field()


class AssessmentFilter(LocalDateRangeFilterSet):
    customer = IdFilter(field_name="customer_id", label="客户")
    doctor = IdFilter(field_name="doctor_id", label="医生")
    form = IdFilter(field_name="form_id", label="评估表")
    visit = IdFilter(field_name="visit_id", label="到访")
    assessed_from = date_from("assessed_at", "评估日期起")
    assessed_to = date_to("assessed_at", "评估日期止")

    class Meta:
        model = Assessment
        fields = ["customer", "doctor", "form", "visit"]


class AssessmentViewSet(_Viewset):
    """医生面诊评估."""

    queryset = Assessment.objects.select_related("customer", "doctor", "form").defer("customer__id_number")
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter
    ordering_fields = ["assessed_at", "id"]
    ordering = ["-assessed_at", "-id"]
    permission_codes = {
        "list": "customers.assessment.view", "retrieve": "customers.assessment.view",
        "create": "customers.assessment.add", "partial_update": "customers.assessment.change",
    }

    @extend_schema(summary="医生评估列表")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="医生评估详情")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=AssessmentCreateSerializer, responses={201: AssessmentSerializer}, summary="新建医生评估",
                   description="选择评估表时，评估内容按表中字段校验：必填项、数字、日期（YYYY-MM-DD）、单选/多选的选项。")
    def create(self, request: Request) -> Response:
        serializer = AssessmentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        customer = reachable_customer(request.user, data.pop("customer"))
        self.audit_object = assessment = services.record_assessment(customer, operator=request.user, **data)
        return self._respond(assessment, status.HTTP_201_CREATED)

    @extend_schema(request=AssessmentUpdateSerializer, responses=AssessmentSerializer, summary="修改医生评估")
    def partial_update(self, request: Request, pk: str) -> Response:
        assessment = self.get_object()
        serializer = AssessmentUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        self.audit_object = assessment = services.update_assessment(assessment, operator=request.user,
                                                                    **serializer.validated_data)
        return self._respond(assessment)


# --- complaints -----------------------------------------------------------------------------------


class ComplaintSerializer(serializers.ModelSerializer):
    customer = CustomerBriefSerializer(read_only=True)
    handler = StaffRefSerializer(read_only=True, allow_null=True, label="处理人")
    created_by = StaffRefSerializer(read_only=True, allow_null=True, label="登记人")
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    channel_display = serializers.CharField(source="get_channel_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Complaint
        fields = ["id", "customer", "visit", "category", "category_display", "channel", "channel_display",
                  "content", "received_at", "handler", "status", "status_display", "resolution", "resolved_at",
                  "created_by", "org_unit", "created_at", "updated_at"]
        read_only_fields = fields


class ComplaintCreateSerializer(serializers.Serializer):
    customer = customer_field()
    category = serializers.ChoiceField(choices=ComplaintCategory.choices, label="类别")
    channel = serializers.ChoiceField(choices=ComplaintChannel.choices, default=ComplaintChannel.ONSITE,
                                      label="渠道")
    content = serializers.CharField(max_length=5000, label="投诉内容")
    visit = visit_field()
    handler = staff_field("处理人", required=False, allow_null=True)
    received_at = serializers.DateTimeField(required=False, allow_null=True, label="受理时间",
                                            help_text="默认为当前时间")


class ComplaintHandleSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ComplaintStatus.choices, label="处理状态",
                                     help_text="待处理 → 处理中 → 已解决 → 已关闭；已解决须填写处理结果")
    resolution = serializers.CharField(max_length=5000, required=False, allow_blank=True, label="处理结果")
    handler = staff_field("处理人", required=False, allow_null=True, help_text="不传则不变；传 null 清空")


class ComplaintFilter(LocalDateRangeFilterSet):
    customer = IdFilter(field_name="customer_id", label="客户")
    handler = IdFilter(field_name="handler_id", label="处理人")
    visit = IdFilter(field_name="visit_id", label="到访")
    status = django_filters.MultipleChoiceFilter(choices=ComplaintStatus.choices, label="状态")
    category = django_filters.MultipleChoiceFilter(choices=ComplaintCategory.choices, label="类别")
    channel = django_filters.MultipleChoiceFilter(choices=ComplaintChannel.choices, label="渠道")
    received_from = date_from("received_at", "受理日期起")
    received_to = date_to("received_at", "受理日期止")

    class Meta:
        model = Complaint
        fields = ["customer", "handler", "visit", "status", "category", "channel"]


class ComplaintViewSet(_Viewset):
    """投诉: registered by anyone allowed, handled open → processing → resolved → closed."""

    queryset = Complaint.objects.select_related("customer", "handler", "created_by").defer("customer__id_number")
    serializer_class = ComplaintSerializer
    filterset_class = ComplaintFilter
    ordering_fields = ["received_at", "id", "status", "resolved_at"]
    ordering = ["-received_at", "-id"]
    permission_codes = {
        "list": "customers.complaint.view", "retrieve": "customers.complaint.view",
        "create": "customers.complaint.add", "handle": "customers.complaint.handle",
    }

    @extend_schema(summary="投诉列表")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="投诉详情")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=ComplaintCreateSerializer, responses={201: ComplaintSerializer}, summary="登记投诉")
    def create(self, request: Request) -> Response:
        serializer = ComplaintCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        customer = reachable_customer(request.user, data.pop("customer"))
        self.audit_object = complaint = services.receive_complaint(customer, operator=request.user, **data)
        return self._respond(complaint, status.HTTP_201_CREATED)

    @extend_schema(request=ComplaintHandleSerializer, responses=ComplaintSerializer, summary="处理投诉",
                   description="状态只能依次推进：待处理 → 处理中 → 已解决 → 已关闭；已关闭后不能再修改。")
    @action(detail=True, methods=["post"])
    def handle(self, request: Request, pk: str) -> Response:
        complaint = self.get_object()
        serializer = ComplaintHandleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        self.audit_object = complaint = services.handle_complaint(
            complaint, operator=request.user, status=data["status"], resolution=data.get("resolution"),
            handler=data.get("handler", services.UNCHANGED))
        return self._respond(complaint)


def register(router: Any) -> None:
    router.register("consultations", ConsultationViewSet, basename="consultation")
    router.register("assessment-forms", AssessmentFormViewSet, basename="assessment-form")
    router.register("assessments", AssessmentViewSet, basename="assessment")
    router.register("complaints", ComplaintViewSet, basename="complaint")
