"""Tabs and key figures of the 360° view. Each module registers its own, with the permission that opens it;
a module that is not built registers nothing, so its tab and figures do not appear.

A tab's ``count`` and a figure's ``value`` are query expressions on the customer row (``OuterRef("pk")``), so
the overview is one query however long the history and however many modules there are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Expression, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from yimei.customers.timeline import register_event_type


@dataclass(frozen=True)
class Tab:
    key: str
    title: str
    title_en: str
    permission: str
    order: int
    count: Callable[[], Expression] | None = None


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    title_en: str
    permission: str
    order: int
    value: Callable[[], Expression]
    kind: str = "number"  # number | amount | date


_tabs: dict[str, Tab] = {}
_figures: dict[str, Figure] = {}


def register_tab(tab: Tab) -> None:
    _tabs[tab.key] = tab


def register_figure(figure: Figure) -> None:
    _figures[figure.key] = figure


def tabs() -> list[Tab]:
    return sorted(_tabs.values(), key=lambda t: t.order)


def figures() -> list[Figure]:
    return sorted(_figures.values(), key=lambda f: f.order)


def related_count(model_path: str, *, extra: Q | None = None) -> Callable[[], Expression]:
    """A count of ``model`` rows of the customer, as a correlated subquery."""

    def build() -> Expression:
        from django.apps import apps

        model = apps.get_model(model_path)
        rows = model._default_manager.filter(customer_id=OuterRef("pk"))
        if extra is not None:
            rows = rows.filter(extra)
        counted = rows.order_by().values("customer_id").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))

    return build


# --- this app's tabs, figures and event types --------------------------------------------------------

register_tab(Tab("visits", "到访", "Visits", "customers.visit.view", 20, related_count("customers.Visit")))
register_tab(Tab("consultations", "咨询", "Consultations", "customers.consultation.view", 30,
                 related_count("customers.Consultation")))
register_tab(Tab("complaints", "投诉", "Complaints", "customers.complaint.view", 70,
                 related_count("customers.Complaint")))
register_tab(Tab("assessments", "评估", "Assessments", "customers.assessment.view", 80,
                 related_count("customers.Assessment")))
register_tab(Tab("timeline", "时间线", "Timeline", "customers.customer.view", 1000))

register_figure(Figure("visit_count", "到院次数", "Visits", "customers.visit.view", 10, lambda: F("visit_count")))
register_figure(Figure("first_visit_on", "首次到院", "First visit", "customers.visit.view", 20,
                       lambda: F("first_visit_on"), kind="date"))
register_figure(Figure("last_visit_on", "最近到院", "Last visit", "customers.visit.view", 30,
                       lambda: F("last_visit_on"), kind="date"))
register_figure(Figure("consultation_count", "咨询次数", "Consultations", "customers.consultation.view", 40,
                       related_count("customers.Consultation")))
register_figure(Figure("open_complaints", "未结投诉", "Open complaints", "customers.complaint.view", 70,
                       related_count("customers.Complaint", extra=Q(status__in=["open", "processing"]))))

V = "customers.customer.view"
for code, name, name_en, permission in [
    ("customer.created", "建档", "File created", V),
    ("customer.updated", "修改档案", "File edited", V),
    ("customer.consent", "同意变更", "Consent changed", V),
    ("customer.tagged", "标签变更", "Tags changed", V),
    ("customer.reassigned", "更换咨询", "Consultant changed", V),
    ("customer.tier_changed", "等级变更", "Tier changed", V),
    ("customer.merged", "合并档案", "Files merged", V),
    ("customer.imported", "导入", "Imported", V),
    ("visit.arrived", "到院", "Arrived", "customers.visit.view"),
    ("visit.triaged", "分诊", "Triaged", "customers.visit.view"),
    ("visit.left", "离院", "Left", "customers.visit.view"),
    ("visit.cancelled", "取消到访", "Visit cancelled", "customers.visit.view"),
    ("visit.updated", "修改到访", "Visit edited", "customers.visit.view"),
    ("consultation.recorded", "咨询", "Consultation", "customers.consultation.view"),
    ("consultation.updated", "修改咨询", "Consultation edited", "customers.consultation.view"),
    ("assessment.recorded", "医生评估", "Assessment", "customers.assessment.view"),
    ("assessment.updated", "修改评估", "Assessment edited", "customers.assessment.view"),
    ("complaint.received", "投诉", "Complaint", "customers.complaint.view"),
    ("complaint.updated", "投诉处理", "Complaint handled", "customers.complaint.view"),
]:
    register_event_type(code, name, name_en, permission=permission)
