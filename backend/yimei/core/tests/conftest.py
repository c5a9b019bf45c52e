"""Fixtures for the cross-cutting API tests."""

from __future__ import annotations

import pytest

from yimei.accounts import services
from yimei.accounts.choices import UnitKind
from yimei.audit.models import ChangeLog
from yimei.audit.services import LoginEvent, record_login, record_operation
from yimei.core.access import module_of
from yimei.core.permissions import AUTHENTICATED, PUBLIC


@pytest.fixture
def objects(org, make_staff, make_role):
    """One object per resource, deletable, so every detail route has something to act on."""
    leaf = services.create_org_unit(name="空小组", code="t_leaf", kind=UnitKind.TEAM, parent=org["dept_a"])
    position = services.create_position(code="t_pos", name="测试岗位")
    role = make_role(["accounts.staff.view"])
    staff = make_staff()
    operation = record_operation(module="accounts", action="test")
    login = record_login(username=staff.username, event=LoginEvent.LOGIN, user=staff)
    from yimei.accounts.models import SavedFilter
    from yimei.customers import services as customer_services
    from yimei.customers.models import MembershipTier, SourceChannel, Tag, TagCategory

    category = TagCategory.objects.create(name="测试分类")
    tag = Tag.objects.create(category=category, name="测试标签")
    tier = MembershipTier.objects.create(name="测试等级", threshold_amount=999999)
    source = SourceChannel.objects.create(name="测试来源")
    customer = customer_services.create_customer(operator=staff, name="测试客户", phone="13900000001")
    saved = SavedFilter.objects.create(user=staff, page="customers", name="测试", params={})
    customer_objects = {"customers": customer.pk, "tags": tag.pk, "tag-categories": TagCategory.objects.create(
        name="空分类").pk, "membership-tiers": tier.pk, "source-channels": source.pk, "saved-filters": saved.pk}
    customer_objects.update(_customer_record_objects(staff))
    from yimei.catalog.tests.fixtures import catalog_objects
    from yimei.sales.tests.fixtures import sales_objects

    customer_objects.update(catalog_objects(staff))
    customer_objects.update(sales_objects(staff))
    from yimei.followups.tests.fixtures import followups_objects

    customer_objects.update(followups_objects(staff))
    from yimei.appointments.tests.fixtures import appointments_objects

    customer_objects.update(appointments_objects(staff))
    from yimei.notify.tests.fixtures import notify_objects

    customer_objects.update(notify_objects(staff))
    return {**customer_objects, **_import_objects(staff), "org-units": leaf.pk, "positions": position.pk,
            "roles": role.pk, "staff": staff.pk, "audit/operations": operation.pk, "audit/logins": login.pk,
            "audit/changes": ChangeLog.objects.order_by("id").values_list("pk", flat=True).first()}


def _customer_record_objects(staff) -> dict[str, int]:
    """A visit, consultation, unused assessment form, assessment and complaint (recorded by the system)."""
    from yimei.customers import records, visits
    from yimei.customers import services as customer_services

    patient = customer_services.create_customer(operator=staff, name="到访客户", phone="13900000002")
    form = records.create_assessment_form(operator=None, name="测试评估表",
                                          fields=[{"key": "a", "label": "甲", "type": "text"}])
    return {
        "visits": visits.check_in(patient, operator=None).pk,
        "consultations": records.record_consultation(patient, operator=None, consultant=staff, content="测试").pk,
        "assessment-forms": form.pk,
        "assessments": records.record_assessment(patient, operator=None, doctor=staff, conclusion="测试").pk,
        "complaints": records.receive_complaint(patient, operator=None, category="service", channel="onsite",
                                                content="测试").pk,
    }


@pytest.fixture
def staff_holding(make_staff):
    """A staff member holding exactly ``code`` with scope "all" (anyone, for open endpoints; None if public)."""

    def make(code: str | None):
        if code is None or code == PUBLIC:
            return None
        if code == AUTHENTICATED:
            return make_staff()
        return make_staff([code], scopes={module_of(code): "all"})

    return make


def _import_objects(staff) -> dict[str, int]:
    """An import job whose file had errors (it cannot be run) and a saved column mapping."""
    from yimei.dataimport.models import ImportJob, ImportTemplate

    job = ImportJob.objects.create(kind="customers", status="invalid", original_name="测试.csv", created_by=staff,
                                   org_unit_id=staff.org_unit_id, total_rows=1, error_rows=1)
    template = ImportTemplate.objects.create(name="测试模板", kind="customers", mapping={"phone": "电话"},
                                             created_by=staff, org_unit_id=staff.org_unit_id)
    return {"imports": job.pk, "import-templates": template.pk}
