"""The data generator (bench/ and the demo clinic): reproducible, valid identifiers, consistent history."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from yimei.accounts.models import Position
from yimei.core import crypto
from yimei.core.personal import normalize_mobile
from yimei.customers.choices import OPEN_VISIT_STATUSES, ConsultationOutcome, VisitKind, VisitStatus
from yimei.customers.generator import (
    CustomerGenerator,
    Reference,
    Staff,
    _build_in_workers,
    generate,
    id_number_for,
    phone_for,
)
from yimei.customers.identity import initials_of, parse_id_number, pinyin_of
from yimei.customers.models import Consultation, Customer, CustomerEvent, CustomerTag, Visit
from yimei.customers.timeline import event_type


def local_date(moment: datetime):
    return timezone.localtime(moment).date()


def waiting_list(visits, *, day=None):
    """Today's open visits (as the reception's waiting list shows them)."""
    return visits.filter(status__in=OPEN_VISIT_STATUSES, arrived_at__date=day or timezone.localdate())

NOW = datetime(2026, 11, 26, 10, 30, tzinfo=UTC)  # 18:30 in the clinic


def _reference() -> Reference:
    staff = [Staff(i, f"员工{i}", 100 + i % 3) for i in range(1, 9)]
    return Reference(
        sources=[(1, "网电"), (2, "自然到店"), (3, "转介绍"), (4, "美团"), (5, "抖音")],
        tags={"VIP": 1, "光电": 2, "注射": 3, "手术": 4, "皮肤管理": 5, "色斑": 6, "高意向": 7, "价格敏感": 8},
        tiers=[(1, 0, "普通会员"), (2, 5000, "银卡会员"), (3, 20000, "金卡会员"), (4, 50000, "铂金会员")],
        onsite=staff[:3], online=staff[3:4], doctors=staff[4:6], reception=staff[6:], everyone=staff,
    )


def _plain(rows: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """Rows without ciphertext (a fresh nonce per encryption) and without times that are ids of rows."""
    out = dict(rows)
    out["customer"] = [r[:11] + r[12:14] + r[15:] for r in rows["customer"]]
    return out


def test_same_seed_same_rows_other_seed_other_rows(settings):
    def generator(seed: int) -> CustomerGenerator:
        return CustomerGenerator(_reference(), total=400, events_per_customer=10, seed=seed, now=NOW, block=100)

    def rows(seed: int, per_batch: int) -> list[dict[str, list[tuple]]]:
        g = generator(seed)
        return [_plain(g.batch(b, min(g.blocks, b + per_batch))) for b in range(0, g.blocks, per_batch)]

    first, again = rows(42, 2), rows(42, 2)
    assert first == again
    assert rows(43, 2) != first
    # Batching changes only how rows are grouped (and so which ids visits get), not the customers.
    assert [c for part in rows(42, 1) for c in part["customer"]] == [c for part in first for c in part["customer"]]
    # Blocks built in any order (as worker processes do) and finished in order give the same rows.
    g = generator(42)
    built = {b: g.block_rows(b) for b in reversed(range(g.blocks))}
    assert [_plain(g.finish([built[b], built[b + 1]])) for b in (0, 2)] == first


def test_events_per_customer_is_the_average_asked_for():
    # (Below about 8 the floor of one visit per visiting customer wins: a file alone has 3 to 4 events.)
    for target in (10, 25):
        g = CustomerGenerator(_reference(), total=2000, events_per_customer=target, seed=5, now=NOW)
        events = sum(len(g.block_rows(b)["event"]) for b in range(g.blocks))
        assert abs(events / 2000 - target) / target < 0.15, (target, events / 2000)


def test_identifiers_are_valid_and_unique():
    numbers = {phone_for(n, "138") for n in range(1, 50_001)}
    assert len(numbers) == 50_000
    assert all(normalize_mobile(p) == p for p in list(numbers)[:2000])
    from datetime import date

    number = id_number_for("510107", date(1990, 5, 17), 123)
    info = parse_id_number(number)
    assert (info.birthday, info.gender) == (date(1990, 5, 17), "male")
    assert number[:17] == "51010719900517123"


@pytest.fixture
def clinic(make_staff, org):
    positions = {code: Position.objects.create(code=code, name=name, sort=i) for i, (code, name) in enumerate(
        [("onsite_consultant", "现场咨询"), ("online_consultant", "网电咨询"), ("doctor", "医生"),
         ("receptionist", "前台")])}
    staff = {
        "c1": make_staff(unit=org["team_a1"], positions=[positions["onsite_consultant"]]),
        "c2": make_staff(unit=org["team_a2"], positions=[positions["onsite_consultant"]]),
        "online": make_staff(unit=org["sub_a"], positions=[positions["online_consultant"]]),
        "doctor": make_staff(unit=org["dept_a"], positions=[positions["doctor"]]),
        "reception": make_staff(unit=org["dept_a"], positions=[positions["receptionist"]]),
        "other": make_staff(unit=org["dept_b"]),
    }
    return staff


def _snapshot() -> list[tuple]:
    visits = defaultdict(list)
    for v in Visit.objects.order_by("arrived_at", "id"):
        visits[v.customer_id].append((v.kind, v.status, v.arrived_at, v.consultant_id, v.has_deal))
    events = Counter(CustomerEvent.objects.values_list("customer_id", "type"))
    return [(c.name, c.phone, c.id_number, c.birthday, c.gender, c.source_id, c.consultant_id, c.tier_id,
             c.last_visit_on, tuple(visits[c.pk]), sorted((t, n) for (cid, t), n in events.items() if cid == c.pk))
            for c in Customer.objects.order_by("pk")]


def test_generated_files_are_consistent(clinic):
    summary = generate(customers=80, events_per_customer=10, seed=7, now=NOW, today_visits=5, batch=30)
    customers = list(Customer.objects.order_by("pk"))
    assert (summary.customers, summary.visits, summary.consultations, summary.events) == (
        80, Visit.objects.count(), Consultation.objects.count(), CustomerEvent.objects.count())
    assert summary.events >= 80 * 4

    # Phones: valid, unique, encrypted at rest, blind index and last four as the model computes them.
    phones = [c.phone for c in customers]
    assert len(set(phones)) == 80 and all(normalize_mobile(p) == p for p in phones)
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, phone_hash FROM customers_customer")
        raw = cursor.fetchall()
    assert not any(p in stored for stored, _ in raw for p in phones)
    for c in customers:
        assert (c.phone_hash, c.phone_last4) == (crypto.blind_index(c.phone), c.phone[-4:])
        assert (c.name_pinyin, c.name_initials) == (pinyin_of(c.name), initials_of(c.name))
        if c.id_number:
            info = parse_id_number(c.id_number)
            assert (info.birthday, info.gender) == (c.birthday, c.gender)
            assert (c.id_number_hash, c.id_number_last4) == (crypto.blind_index(c.id_number), c.id_number[-4:])
    assert 0.15 < sum(bool(c.id_number) for c in customers) / 80 < 0.7

    # Owners hold the right positions; the file belongs to the owner's unit.
    onsite = {clinic["c1"].pk: clinic["c1"].org_unit_id, clinic["c2"].pk: clinic["c2"].org_unit_id}
    for c in customers:
        if c.consultant_id:
            assert c.consultant_id in onsite and c.org_unit_id == onsite[c.consultant_id]
        if c.online_consultant_id:
            assert c.online_consultant_id == clinic["online"].pk

    # Visits follow the history; the file's figures match its visits.
    by_customer = defaultdict(list)
    for v in Visit.objects.order_by("arrived_at", "id"):
        by_customer[v.customer_id].append(v)
    for c in customers:
        visits = by_customer[c.pk]
        counted = [v for v in visits if v.status != VisitStatus.CANCELLED]
        assert c.visit_count == len(counted)
        if counted:
            assert (c.first_visit_on, c.last_visit_on) == (local_date(counted[0].arrived_at),
                                                           local_date(counted[-1].arrived_at))
            assert visits[0].kind == VisitKind.FIRST
            assert all(v.kind != VisitKind.FIRST for v in visits[1:])
            if c.consultant_id is None:
                assert all(v.triage_target != "treatment" for v in visits)
        else:
            assert c.first_visit_on is None
        assert all(v.arrived_at <= NOW for v in visits)
    for consultation in Consultation.objects.filter(visit__isnull=False).select_related("visit"):
        assert (consultation.outcome == ConsultationOutcome.DEAL) == consultation.visit.has_deal

    # Events: registered types, within three years, each visit's events point at it.
    start = NOW - timedelta(days=3 * 366)
    visit_ids = set(Visit.objects.values_list("pk", flat=True))
    for e in CustomerEvent.objects.all():
        assert event_type(e.type) is not None, e.type
        assert start <= e.occurred_at <= NOW
        if e.source_type == "customers.visit":
            assert int(e.source_id) in visit_ids and e.data["visit"] == int(e.source_id)
    assert json.loads(json.dumps(CustomerEvent.objects.first().data)) is not None
    assert CustomerTag.objects.count() == summary.tags

    # Today's waiting list.
    today = waiting_list(Visit.objects.all(), day=local_date(NOW))
    assert 1 <= today.count() <= 5
    assert all(v.status in OPEN_VISIT_STATUSES for v in today)

    # Saving a generated file through the model changes none of the derived columns.
    c = Customer.objects.get(pk=customers[3].pk)
    before = (c.phone_hash, c.phone_last4, c.name_pinyin, c.name_initials, c.id_number_hash)
    c.save()
    c.refresh_from_db()
    assert (c.phone_hash, c.phone_last4, c.name_pinyin, c.name_initials, c.id_number_hash) == before

    # The same seed on the same database gives the same data.
    snapshot = _snapshot()
    CustomerEvent.objects.all().delete()
    Consultation.objects.all().delete()
    Visit.objects.all().delete()
    CustomerTag.objects.all().delete()
    Customer.objects.all().update(referrer_customer=None)
    for model in (Customer.consents.rel.related_model, Customer):
        model.objects.all().delete()
    generate(customers=80, events_per_customer=10, seed=7, now=NOW, today_visits=5, batch=80)
    assert _snapshot() == snapshot


def test_second_run_adds_new_files_without_clashing(clinic):
    first = generate(customers=30, seed=1, now=NOW, analyze=False)
    second = generate(customers=30, seed=1, now=NOW, analyze=False)
    assert second.first_customer_id == first.last_customer_id + 1
    hashes = list(Customer.objects.values_list("phone_hash", flat=True))
    assert len(hashes) == len(set(hashes)) == 60
    # Ids continue after the generated ones.
    created = Customer.objects.create(name="新客户", phone="13912345678")
    assert created.pk == second.last_customer_id + 1


def test_seed_demo_loads_customers_once(db, settings):
    settings.DEMO_MODE = True
    call_command("seed_demo")
    count = Customer.objects.count()
    events = CustomerEvent.objects.count()
    # the 300 generated files, plus the few a demo booking made from a lead (name + phone)
    assert 300 <= count <= 310 and events > 300 * 5
    assert waiting_list(Visit.objects.all()).exists()
    call_command("seed_demo")
    assert (Customer.objects.count(), CustomerEvent.objects.count()) == (count, events)


def test_worker_processes_build_what_this_process_would():
    def generator() -> CustomerGenerator:
        return CustomerGenerator(_reference(), total=250, events_per_customer=10, seed=3, now=NOW, block=50)

    groups = [range(2), range(2, 4), range(4, 5)]
    written: list[dict[str, list[tuple]]] = []
    _build_in_workers(generator(), groups, 2, lambda rows, done: written.append(_plain(rows)))
    here = generator()
    assert written == [_plain(here.batch(g.start, g.stop)) for g in groups]
