"""The rule engine: each of the five rules creates exactly one task for its trigger, and none when run again;
aftercare messages go out with a deduction and are withdrawn with its reversal."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from yimei.audit.models import ChangeLog, OperationLog
from yimei.customers import visits
from yimei.customers.models import CustomerEvent
from yimei.followups import engine
from yimei.followups.models import CareDelivery, EngineState, FollowUpRule, FollowUpTask, Notification
from yimei.followups.rules import ensure_default_rules
from yimei.followups.tests.conftest import deduct, sell
from yimei.notify.models import Message

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def at(offset: int, clock: str = "10:00") -> datetime:
    hour, minute = map(int, clock.split(":"))
    return datetime.combine(today() + timedelta(days=offset), time(hour, minute),
                            tzinfo=timezone.get_default_timezone())


def enable(kind: str, **changes) -> FollowUpRule:
    ensure_default_rules()
    rule = FollowUpRule.objects.get(kind=kind)
    rule.enabled = True
    for key, value in changes.items():
        setattr(rule, key, value)
    rule.save()
    return rule


def tasks(kind: str):
    return list(FollowUpTask.objects.filter(rule__kind=kind).order_by("due_on", "id"))


def run_again_from_scratch():
    """A second engine pass as if nothing had been remembered: cursor and scan dates forgotten."""
    EngineState.objects.update(event_cursor=0)
    FollowUpRule.objects.update(scanned_through=None)
    return engine.run_engine()


# --- 预约未到访 ---------------------------------------------------------------------------------------------------


@pytest.fixture
def clerk(make_staff, org):
    codes = ["appointments.appointment.view", "appointments.appointment.add", "appointments.schedule.view",
             "customers.customer.view", "customers.customer.add"]
    return make_staff(codes, unit=org["team_a1"], scopes={"appointments": "all", "customers": "all"},
                      username="f_clerk")


def test_a_no_show_creates_one_task_for_the_booking_clerk(clerk, consultant, customer, make_staff, org):
    from yimei.appointments import services as appointments

    # given a booking two days ago that nobody came to, swept as a no-show
    rule = enable("no_show")
    doctor = make_staff(unit=org["team_a2"])
    booking = appointments.create_appointment(
        operator=clerk, customer=customer, type="consultation", confirm_warnings=True, now=at(-3),
        lines=[{"staff": doctor, "start": at(-2, "10:00"), "end": at(-2, "11:00"), "title": "面诊"}]).appointment
    assert appointments.mark_no_shows() == 1
    # when the engine reads the timeline
    first = engine.run_events()
    # then one task, for the clerk who booked it, saying which booking and which rule
    created = tasks("no_show")
    assert first["no_show"] == 1 and len(created) == 1
    task = created[0]
    assert task.assignee == clerk and task.customer == customer and task.due_on == today()
    assert (task.source_type, task.source_id) == ("appointments.appointment", str(booking.pk))
    assert booking.number in task.source_summary and customer.name in task.script
    assert Notification.objects.filter(user=clerk, kind="followup_auto").count() == 1
    assert CustomerEvent.objects.filter(customer=customer, type="followup.created").count() == 1
    # audited as inserted (bulk inserts send no signals): a change-log row by 系统, one operation row for the rule
    change = ChangeLog.objects.get(object_type="followups.followuptask", object_id=str(task.pk))
    assert (change.action, change.operator_id, change.before) == ("create", None, None)
    assert change.after["trigger_key"] == task.trigger_key and change.after["assignee_id"] == clerk.pk
    assert change.operator_name
    assert OperationLog.objects.filter(module="followups", action="auto_create", object_id=str(rule.pk)).count() == 1
    # and none when run again, even with everything forgotten
    assert engine.run_events()["no_show"] == 0
    assert run_again_from_scratch().get("no_show", 0) == 0
    assert len(tasks("no_show")) == 1
    assert ChangeLog.objects.filter(object_type="followups.followuptask").count() == 1
    # the owning consultant when the rule says so (another booking, another trigger)
    rule.assignee_mode = "owning_consultant"
    rule.save()
    appointments.create_appointment(
        operator=clerk, customer=customer, type="consultation", confirm_warnings=True, now=at(-3),
        lines=[{"staff": doctor, "start": at(-1, "14:00"), "end": at(-1, "15:00"), "title": "面诊"}])
    appointments.mark_no_shows()
    engine.run_events()
    assert [t.assignee for t in tasks("no_show")] == [clerk, consultant]


def test_a_no_show_marked_at_the_front_desk_is_followed_up_the_same_day(clerk, consultant, customer, make_staff,
                                                                        org):
    from yimei.appointments import services as appointments

    # given a booking this morning that the front desk marks as missed once its time has come
    enable("no_show", assignee_mode="owning_consultant")
    doctor = make_staff(unit=org["team_a2"])
    booking = appointments.create_appointment(
        operator=clerk, customer=customer, type="consultation", confirm_warnings=True, now=at(0, "00:00"),
        lines=[{"staff": doctor, "start": at(0, "00:05"), "end": at(0, "00:35"), "title": "面诊"}]).appointment
    appointments.mark_no_show(booking, operator=clerk, now=at(0, "00:10"))
    # when the engine reads the timeline (the commit's wake-up is off in tests)
    assert engine.run_events()["no_show"] == 1
    # then the owning consultant has one task due today, and the night's sweep adds none
    task = tasks("no_show")[0]
    assert (task.assignee, task.due_on) == (consultant, today())
    assert appointments.mark_no_shows(now=at(1, "00:30")) == 0
    assert engine.run_events()["no_show"] == 0 and len(tasks("no_show")) == 1


def test_an_event_written_while_a_pass_runs_is_answered_by_that_pass(clerk, customer, customer2, make_staff, org,
                                                                       monkeypatch):
    from yimei.appointments import services as appointments

    # given an engine that has run before, and two bookings of this morning, the first marked as missed
    enable("no_show")
    EngineState.objects.update_or_create(pk=1, defaults={"event_cursor": 0})
    doctor = make_staff(unit=org["team_a2"])
    first, second = (appointments.create_appointment(
        operator=clerk, customer=person, type="consultation", confirm_warnings=True, now=at(0, "00:00"),
        lines=[{"staff": doctor, "start": at(0, start), "end": at(0, end), "title": "面诊"}]).appointment
        for person, start, end in ((customer, "00:05", "00:35"), (customer2, "00:40", "01:10")))
    appointments.mark_no_show(first, operator=clerk, now=at(0, "00:10"))
    # when the second is marked while the engine is busy with the first (its wake-up finds the engine locked)
    process = engine._process

    def busy(batch, *args, **kwargs):
        if not FollowUpTask.objects.exists():
            appointments.mark_no_show(second, operator=clerk, now=at(0, "00:45"))
        return process(batch, *args, **kwargs)

    monkeypatch.setattr(engine, "_process", busy)
    counts = engine.run_events()
    # then the same pass answered both, and the cursor is past both
    assert counts["no_show"] == 2
    assert {t.customer_id for t in tasks("no_show")} == {customer.pk, customer2.pk}
    assert EngineState.objects.get().event_cursor == CustomerEvent.objects.order_by("-id").first().pk


def test_a_disabled_rule_creates_nothing(clerk, customer, make_staff, org):
    from yimei.appointments import services as appointments

    ensure_default_rules()
    appointments.create_appointment(
        operator=clerk, customer=customer, type="consultation", confirm_warnings=True, now=at(-3),
        lines=[{"staff": make_staff(), "start": at(-2), "end": at(-2, "11:00"), "title": "面诊"}])
    appointments.mark_no_shows()
    engine.run_engine()
    assert not FollowUpTask.objects.exists()


# --- 到访未支付 ---------------------------------------------------------------------------------------------------


def test_a_visit_without_payment_gets_one_task_the_next_day(consultant, customer, customer2, director, item, modes):
    enable("visit_unpaid", delay_days=1)
    # given yesterday: one customer came and left without paying, another came and paid
    visit = visits.check_in(customer, operator=director, arrived_at=at(-1, "10:00"))
    visits.leave(visit, operator=director, left_at=at(-1, "11:00"))
    paid = visits.check_in(customer2, operator=director, arrived_at=at(-1, "10:30"))
    from yimei.sales import services as sales

    order = sales.create_order(customer=customer2, operator=director,
                               lines=[{"kind": "item", "item": item, "quantity": 1}])
    sales.take_payment(order, operator=director, entries=[{"mode": modes["cash"], "amount": "880"}])
    visits.leave(paid, operator=director)
    # a visit today is judged tomorrow
    visits.check_in(customer2, operator=director, arrived_at=timezone.now() - timedelta(minutes=5))
    # when
    counts = engine.run_scans()
    # then
    created = tasks("visit_unpaid")
    assert counts["visit_unpaid"] == 1 and len(created) == 1
    assert created[0].customer == customer and created[0].assignee == consultant
    assert created[0].source_type == "customers.visit" and created[0].source_id == str(visit.pk)
    assert created[0].due_on == today()
    assert engine.run_scans().get("visit_unpaid", 0) == 0
    assert run_again_from_scratch().get("visit_unpaid", 0) == 0
    assert len(tasks("visit_unpaid")) == 1


# --- 支付后该做治疗 -----------------------------------------------------------------------------------------------


def test_sessions_unused_for_n_days_give_one_task(consultant, customer, director, item, modes):
    enable("paid_unused", params={"days": 30})
    entitlement = sell(customer, item, operator=director, modes=modes)
    assert engine.run_scans(today=today() + timedelta(days=29)).get("paid_unused", 0) == 0
    FollowUpRule.objects.update(scanned_through=None)
    counts = engine.run_scans(today=today() + timedelta(days=30))
    created = tasks("paid_unused")
    assert counts["paid_unused"] == 1 and len(created) == 1
    assert created[0].assignee == consultant and created[0].due_on == today() + timedelta(days=30)
    assert "光子嫩肤" in created[0].script and "30" in created[0].script
    assert engine.run_scans(today=today() + timedelta(days=31)).get("paid_unused", 0) == 0
    FollowUpRule.objects.update(scanned_through=None)
    assert engine.run_scans(today=today() + timedelta(days=30)).get("paid_unused", 0) == 0
    # a treatment restarts the count: idle again for 30 days after it is a new trigger
    FollowUpRule.objects.update(scanned_through=None)
    deduct(entitlement, operator=director, performed_at=timezone.now())
    assert engine.run_scans(today=today() + timedelta(days=30)).get("paid_unused", 0) == 0
    assert len(tasks("paid_unused")) == 1


def test_used_up_or_expired_sessions_are_not_chased(customer, director, item, modes):
    enable("paid_unused", params={"days": 30})
    entitlement = sell(customer, item, operator=director, modes=modes, sessions=1)
    deduct(entitlement, operator=director)
    assert engine.run_scans(today=today() + timedelta(days=30)).get("paid_unused", 0) == 0


# --- 治疗后术后回访 and aftercare ---------------------------------------------------------------------------------


def test_a_deduction_gives_post_treatment_tasks_at_the_item_nodes_and_care_messages(
        customer, nurse, director, item, care_plan, modes, client_for):
    enable("post_treatment")
    entitlement = sell(customer, item, operator=director, modes=modes)
    deduction = deduct(entitlement, operator=nurse)
    counts = engine.run_events()
    # three follow-ups at days 1, 7 and 30, for the nurse who did it
    created = tasks("post_treatment")
    assert counts["post_treatment"] == 3
    assert [(t.due_on - today()).days for t in created] == [1, 7, 30]
    assert {t.assignee for t in created} == {nurse}
    assert all(t.source_id == str(deduction.pk) for t in created)
    # the instructions now, and a care message at days 7 and 30 (10:00 local), through the outbox
    sent = list(Message.objects.filter(source_type="sales.deduction", source_id=str(deduction.pk))
                .order_by("scheduled_at"))
    assert [m.kind for m in sent] == ["care.instructions", "care.node", "care.node"]
    assert all(m.status == "pending" for m in sent)
    assert [timezone.localtime(m.scheduled_at).date() - today() for m in sent[1:]] == [timedelta(days=7),
                                                                                        timedelta(days=30)]
    delivery = CareDelivery.objects.get(deduction=deduction)
    assert f"/h5/care/{delivery.token}" in sent[0].text and "光子嫩肤" in sent[0].text
    page = client_for(None).get(f"/h5/care/{delivery.token}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "术后一周内避免日晒" in html and "光子嫩肤" in html and customer.name not in html
    assert "138" not in html
    from yimei.accounts.models import OrgUnit

    hospital = OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()
    assert hospital is not None and hospital.name in html  # who sends it
    # nothing twice
    assert engine.run_events() == {} or engine.run_events()["post_treatment"] == 0
    assert run_again_from_scratch().get("post_treatment", 0) == 0
    assert Message.objects.filter(source_id=str(deduction.pk), source_type="sales.deduction").count() == 3
    assert len(tasks("post_treatment")) == 3

    # the reversal withdraws what has not gone out and the open follow-ups, and closes the page
    from yimei.sales import services as sales

    sales.reverse_deduction(deduction, reason="登记错误", operator=director)
    counts = engine.run_events()
    assert counts["cancelled"] == 3
    assert set(Message.objects.filter(source_type="sales.deduction", source_id=str(deduction.pk))
               .values_list("status", flat=True)) == {"cancelled"}
    assert {t.status for t in tasks("post_treatment")} == {"cancelled"}
    assert client_for(None).get(f"/h5/care/{delivery.token}").status_code == 404


def test_without_a_care_plan_one_follow_up_at_the_rule_delay_and_no_message(customer, nurse, director, item, modes):
    enable("post_treatment", delay_days=2)
    deduct(sell(customer, item, operator=director, modes=modes), operator=nurse)
    engine.run_events()
    assert [(t.due_on - today()).days for t in tasks("post_treatment")] == [2]
    assert not Message.objects.filter(kind__startswith="care.").exists()


def test_aftercare_leaves_right_after_the_deduction_commits(customer, nurse, director, item, care_plan, modes,
                                                            django_capture_on_commit_callbacks):
    entitlement = sell(customer, item, operator=director, modes=modes)
    engine.run_events()  # the engine has read the timeline up to here
    with django_capture_on_commit_callbacks(execute=True):
        deduction = deduct(entitlement, operator=nurse)
    assert Message.objects.filter(kind="care.instructions", source_id=str(deduction.pk)).count() == 1


def test_a_deduction_entered_late_sends_no_stale_messages(customer, nurse, director, item, care_plan, modes):
    enable("post_treatment")
    entitlement = sell(customer, item, operator=director, modes=modes)
    engine.run_events()  # the engine is running; the nurse enters last week's treatment only now
    deduct(entitlement, operator=nurse, performed_at=timezone.now() - timedelta(days=10))
    engine.run_events()
    # nodes 1 and 7 are past: only day 30 remains; "right after the treatment" is long gone for the instructions
    assert [(t.due_on - today()).days for t in tasks("post_treatment")] == [20]
    assert list(Message.objects.values_list("kind", flat=True)) == ["care.node"]


# --- 睡眠客户邀约 -------------------------------------------------------------------------------------------------


def test_a_customer_dormant_for_n_days_gets_one_invitation(consultant, customer, customer2, director):
    enable("dormant", params={"days": 180})
    old = visits.check_in(customer, operator=director, arrived_at=timezone.now() - timedelta(days=180))
    visits.leave(old, operator=director, left_at=old.arrived_at + timedelta(hours=1))
    recent = visits.check_in(customer2, operator=director, arrived_at=timezone.now() - timedelta(days=179))
    visits.leave(recent, operator=director, left_at=recent.arrived_at + timedelta(hours=1))
    counts = engine.run_scans()
    created = tasks("dormant")
    assert counts["dormant"] == 1 and [t.customer for t in created] == [customer]
    assert created[0].assignee == consultant and "180" in created[0].script
    assert engine.run_scans().get("dormant", 0) == 0
    assert run_again_from_scratch().get("dormant", 0) == 0
    # the next day the second customer crosses the line
    assert engine.run_scans(today=today() + timedelta(days=1))["dormant"] == 1
    assert len(tasks("dormant")) == 2


def test_the_first_scan_starts_today_and_a_late_scan_catches_up(customer, customer2, director):
    rule = enable("dormant", params={"days": 180})
    visits.check_in(customer, operator=director, arrived_at=timezone.now() - timedelta(days=400))
    visits.check_in(customer2, operator=director, arrived_at=timezone.now() - timedelta(days=182))
    # switched on today: the customers who fell asleep before today are not swept up at once
    assert engine.run_scans().get("dormant", 0) == 0
    # the scheduler was down for three days: the days it missed are covered (at most a week back)
    FollowUpRule.objects.filter(pk=rule.pk).update(scanned_through=today() - timedelta(days=3))
    assert engine.run_scans()["dormant"] == 1
    assert [t.customer for t in tasks("dormant")] == [customer2]


def test_the_first_pass_does_not_replay_old_events(customer, nurse, director, item, care_plan, modes):
    enable("post_treatment")
    deduction = deduct(sell(customer, item, operator=director, modes=modes), operator=nurse)
    CustomerEvent.objects.filter(type="deduction.done").update(occurred_at=timezone.now() - timedelta(days=3))
    EngineState.objects.update(event_cursor=None)
    engine.run_events()
    assert not tasks("post_treatment")
    assert not CareDelivery.objects.filter(deduction=deduction).exists()


# --- the switch board ---------------------------------------------------------------------------------------------


def test_the_run_endpoint_returns_counts_per_rule(director, customer, client_for):
    enable("dormant", params={"days": 180})
    visits.check_in(customer, operator=director, arrived_at=timezone.now() - timedelta(days=180))
    response = client_for(director).post("/api/v1/followup-rules/run/", format="json")
    assert response.status_code == 200, response.content
    assert response.json()["rules"]["dormant"] == 1 and response.json()["rules"]["no_show"] == 0


def test_the_instructions_link_the_h5_page_on_wechat_and_in_the_sms_text(customer, customer2, nurse, director, item,
                                                                         care_plan, modes, settings):
    from yimei.notify.models import NotifySettings

    settings.PUBLIC_URL = "https://crm.example.cn"
    NotifySettings.objects.update_or_create(pk=1, defaults={
        "channel_order": ["wechat", "sms"], "wechat_app_id": "wx123", "wechat_app_secret": "secret",
        "sms_provider": "aliyun", "aliyun_access_key_id": "id", "aliyun_access_key_secret": "key",
        "aliyun_sign_name": "某某医院"})
    type(customer).objects.filter(pk=customer.pk).update(wechat_openid="o-bound-customer")
    bound = deduct(sell(customer, item, operator=director, modes=modes), operator=nurse)
    unbound = deduct(sell(customer2, item, operator=director, modes=modes), operator=nurse)
    engine.run_events()
    wechat = Message.objects.get(kind="care.instructions", source_id=str(bound.pk))
    token = CareDelivery.objects.get(deduction=bound).token
    assert wechat.channel == "wechat" and wechat.payload["url"] == f"https://crm.example.cn/h5/care/{token}"
    assert wechat.payload["data"]["thing1"]["value"] == "光子嫩肤"
    sms = Message.objects.get(kind="care.instructions", source_id=str(unbound.pk))
    token = CareDelivery.objects.get(deduction=unbound).token
    assert sms.channel == "sms" and f"https://crm.example.cn/h5/care/{token}" in sms.text
    assert sms.payload["params"]["link"].endswith(token)


def test_one_wake_up_per_transaction(customer, nurse, director, item, care_plan, modes,
                                     django_capture_on_commit_callbacks):
    entitlement = sell(customer, item, operator=director, modes=modes, sessions=3)
    engine.run_events()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        from django.db import transaction

        with transaction.atomic():
            first = deduct(entitlement, operator=nurse)
            second = deduct(entitlement, operator=nurse)
    from yimei.followups.jobs import _events_pass

    assert sum(1 for c in callbacks if c is _events_pass) == 1
    assert CareDelivery.objects.filter(deduction__in=[first, second]).count() == 2
