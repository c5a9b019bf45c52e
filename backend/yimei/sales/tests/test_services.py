"""Sales services: pricing and discounts, payments in several modes, assets, deductions, refunds, performance,
day end — and every bad input of issue 4 refused with a Chinese message, writing nothing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from yimei.core.errors import BusinessError
from yimei.customers.models import Customer, CustomerEvent, MembershipTier
from yimei.sales import models as m
from yimei.sales import services
from yimei.sales.models import RoleDiscountLimit, SalesSettings
from yimei.sales.tests.conftest import SIGNATURE, data_url, entry, line, signature_png

D = Decimal
MODELS = [m.Order, m.OrderLine, m.OrderDiscount, m.DiscountApproval, m.Payment, m.PaymentEntry, m.CustomerCard,
          m.Entitlement, m.EntitlementEntry, m.StoredValueEntry, m.DepositAccount, m.DepositEntry, m.Deduction,
          m.DeductionOperator, m.DeductionConsumable, m.Refund, m.RefundLine, m.RefundEntry, m.PerformanceEntry,
          CustomerEvent]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def refused(call, *, code: str | None = None, contains: str = "") -> BusinessError:
    """``call`` raises a BusinessError with a Chinese message and writes nothing."""
    before = counts()
    with pytest.raises(BusinessError) as caught:
        call()
    assert counts() == before
    error = caught.value
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error.message), error.message
    if code:
        assert error.code == code, (error.code, error.message)
    assert contains in error.message
    return error


def paid_order(customer, operator, cashier, modes, *lines, note=""):
    order = services.create_order(customer=customer, lines=list(lines), operator=operator, note=note)
    services.take_payment(order, entries=[entry(modes["cash"], str(order.total_amount))], operator=cashier)
    order.refresh_from_db()
    return order


def stored_value_card(customer, consultant, cashier, modes, catalog):
    paid_order(customer, consultant, cashier, modes, line("card", catalog["stored"]))
    return m.CustomerCard.objects.get(customer=customer, kind="stored_value")


# --- orders and discounts -----------------------------------------------------------------------------------


def test_order_copies_prices_applies_member_price_and_splits_the_order_discount(customer, consultant, catalog):
    # given a gold customer: 9 折 on items
    gold = MembershipTier.objects.create(name="金卡", threshold_amount=D("999999"), discount_rate=D("0.9"))
    Customer.objects.filter(pk=customer.pk).update(tier=gold)
    customer.refresh_from_db()
    RoleDiscountLimit.objects.create(role=consultant.roles.first(), min_rate=D("0.8"))
    # when an order of a combo card, two IPL sessions (line 95 折) and a cream, with 50 yuan off the order
    order = services.create_order(customer=customer, operator=consultant, order_discount={"amount": "50"}, lines=[
        line("card", catalog["combo"]), line("item", catalog["ipl"], 2, rate="0.95"),
        line("product", catalog["cream"])])
    # then prices are copied, the member price applies to the item only, and the lines add up to the total
    lines = {x.code: x for x in order.lines.all()}
    assert lines["IPL"].unit_price_amount == D("880.00") and lines["IPL"].member_unit_price_amount == D("792.00")
    assert lines["IPL"].tier_discount_amount == D("176.00")
    assert lines["IPL"].line_discount_amount == D("79.20")  # 1584 × 5%
    assert lines["C-COMBO"].tier_discount_amount == 0
    assert sum(x.order_discount_amount for x in lines.values()) == D("50.00")
    assert sum(x.total_amount for x in lines.values()) == order.total_amount
    assert order.total_amount == D("4000") + D("1504.80") + D("198") - D("50")
    assert order.discount_amount == order.list_amount - order.total_amount
    assert order.status == "pending" and order.discount_status == "none"
    assert order.consultant == consultant  # attribution defaults to the customer's consultant
    assert set(order.discounts.values_list("kind", flat=True)) == {"tier", "manual_line", "manual_order"}
    assert CustomerEvent.objects.filter(customer=customer, type="order.created").count() == 1


def test_a_discount_above_the_role_limit_is_refused(customer, consultant, catalog):
    RoleDiscountLimit.objects.create(role=consultant.roles.first(), min_rate=D("0.9"))
    refused(lambda: services.create_order(customer=customer, operator=consultant,
                                          lines=[line("item", catalog["ipl"], rate="0.8")]),
            code="discount_over_limit", contains="低于您的权限")


def test_a_supervisor_password_approves_the_discount_at_the_counter(customer, consultant, director, catalog):
    RoleDiscountLimit.objects.create(role=director.roles.first(), min_rate=D("0.7"))
    # a wrong password writes nothing
    refused(lambda: services.create_order(customer=customer, operator=consultant, approver_username=director.username,
                                          approver_password="wrong", lines=[line("item", catalog["ipl"], rate="0.8")]),
            code="approval_failed")
    order = services.create_order(customer=customer, operator=consultant, approver_username=director.username,
                                  approver_password="Test@2026pw", lines=[line("item", catalog["ipl"], rate="0.8")])
    assert order.discount_status == "approved" and order.discount_approved_by == director
    assert order.approvals.get().method == "password"
    # beyond the supervisor's own limit: refused
    refused(lambda: services.create_order(customer=customer, operator=consultant, approver_username=director.username,
                                          approver_password="Test@2026pw",
                                          lines=[line("item", catalog["ipl"], rate="0.6")]), code="approval_failed")


def test_an_approval_request_blocks_payment_until_a_supervisor_decides(customer, consultant, director, cashier,
                                                                     catalog, modes):
    RoleDiscountLimit.objects.create(role=director.roles.first(), min_rate=D("0.7"))
    order = services.create_order(customer=customer, operator=consultant, request_approval=True,
                                  lines=[line("item", catalog["ipl"], rate="0.75")])
    assert order.discount_status == "pending"
    refused(lambda: services.take_payment(order, entries=[entry(modes["cash"], "660")], operator=cashier),
            code="approval_pending")
    approval = order.approvals.get()
    with pytest.raises(BusinessError):
        services.approve_discount(approval, operator=consultant, approve=True)  # not their own request
    services.approve_discount(approval, operator=director, approve=True)
    payment = services.take_payment(order, entries=[entry(modes["cash"], "660")], operator=cashier)
    assert payment.total_amount == D("660.00")


def test_only_an_unpaid_order_can_be_voided(customer, consultant, cashier, catalog, modes):
    order = services.create_order(customer=customer, operator=consultant, lines=[line("item", catalog["ipl"])])
    refused(lambda: services.void_order(order, operator=consultant, reason=" "), code="required")
    services.void_order(order, operator=consultant, reason="客户改主意")
    order.refresh_from_db()
    assert order.status == "void"
    refused(lambda: services.take_payment(order, entries=[entry(modes["cash"], "880")], operator=cashier),
            code="already_void")
    paid = paid_order(customer, consultant, cashier, modes, line("item", catalog["ipl"]))
    refused(lambda: services.void_order(paid, operator=consultant, reason="x"), code="order_paid")


@pytest.mark.parametrize("bad", [{"rate": "0"}, {"rate": "1.2"}, {"rate": "0.85555"}, {"amount": "-5"},
                                 {"amount": "1.234"}, {"amount": "0"}, {"amount": "99999"},
                                 {"rate": "0.9", "amount": "5"}])
def test_bad_discounts_are_refused(customer, consultant, catalog, bad):
    refused(lambda: services.create_order(customer=customer, operator=consultant,
                                          lines=[line("item", catalog["ipl"], **bad)]))


def test_stored_value_cards_cannot_be_discounted(customer, consultant, catalog):
    RoleDiscountLimit.objects.create(role=consultant.roles.first(), min_rate=D("0.5"))
    refused(lambda: services.create_order(customer=customer, operator=consultant,
                                          lines=[line("card", catalog["stored"], rate="0.9")]),
            code="not_discountable")


# --- payments -------------------------------------------------------------------------------------------------


def test_mixed_payment_with_cash_change_settles_and_grants_the_combo_card(customer, consultant, cashier, catalog,
                                                                         modes):
    order = services.create_order(customer=customer, operator=consultant, lines=[line("card", catalog["combo"])])
    # when the customer pays 3,500 by WeChat and hands over 600 in cash for the remaining 500
    payment = services.take_payment(order, operator=cashier, entries=[
        entry(modes["wechat"], "3500", reference="wx-1"), entry(modes["cash"], "600")])
    # then 100 is given back, the order is paid and the card's sessions are the customer's
    order.refresh_from_db()
    assert payment.change_amount == D("100.00") and payment.total_amount == D("4000.00")
    assert order.status == "paid" and order.paid_amount == D("4000.00") and order.settled_at
    card = m.CustomerCard.objects.get(customer=customer)
    rights = {e.item_code: e for e in card.entitlements.all()}
    assert (rights["IPL"].sessions_remaining, rights["HYD"].sessions_remaining) == (3, 2)
    assert sum(e.value_remaining_amount for e in rights.values()) == D("4000.00")
    assert m.PerformanceEntry.objects.filter(kind="sales").aggregate(s=Sum("amount"))["s"] == D("4000.00")
    customer.refresh_from_db()
    assert customer.cumulative_spend_amount == D("4000.00")


@pytest.mark.parametrize("amount,code", [("-1", "invalid_amount"), ("0", "invalid_amount"),
                                         ("10.001", "invalid_amount"), ("abc", "invalid_amount"),
                                         (0.5, "invalid_amount")])
def test_bad_amounts_are_refused(customer, consultant, cashier, catalog, modes, amount, code):
    order = services.create_order(customer=customer, operator=consultant, lines=[line("item", catalog["ipl"])])
    refused(lambda: services.take_payment(order, entries=[{"mode": modes["cash"], "amount": amount}],
                                          operator=cashier), code=code)


def test_paying_more_than_is_due_is_refused_except_cash(customer, consultant, cashier, catalog, modes):
    order = services.create_order(customer=customer, operator=consultant, lines=[line("item", catalog["ipl"])])
    refused(lambda: services.take_payment(order, entries=[entry(modes["wechat"], "900")], operator=cashier),
            code="overpaid", contains="超过应收")
    refused(lambda: services.take_payment(order, entries=[entry(modes["wechat"], "880"), entry(modes["cash"], "10")],
                                          operator=cashier), code="overpaid")
    refused(lambda: services.take_payment(order, entries=[{"mode": modes["wechat"], "amount": "100"}],
                                          operator=cashier), code="reference_required")


def test_stored_value_is_spent_in_the_card_ratio_and_never_overdrawn(customer, consultant, cashier, catalog, modes):
    card = stored_value_card(customer, consultant, cashier, modes, catalog)
    assert (card.principal_balance_amount, card.bonus_balance_amount) == (D("10000.00"), D("2500.00"))
    order = services.create_order(customer=customer, operator=consultant, lines=[line("item", catalog["hydra"])])
    # when 1,280 is paid from the card: principal share 10000/12500 = 0.8 → bonus 256, principal 1024
    services.take_payment(order, entries=[entry(modes["stored_value"], "1280", card=card)], operator=cashier)
    card.refresh_from_db()
    assert (card.principal_balance_amount, card.bonus_balance_amount) == (D("8976.00"), D("2244.00"))
    # stored-value spending is not sales performance again, nor cumulative spend
    assert m.PerformanceEntry.objects.filter(kind="sales").aggregate(s=Sum("amount"))["s"] == D("10000.00")
    # spending more than the balance is refused
    big = services.create_order(customer=customer, operator=consultant, lines=[line("item", catalog["hydra"], 9)])
    refused(lambda: services.take_payment(big, entries=[entry(modes["stored_value"], "11520", card=card)],
                                          operator=cashier), code="insufficient_balance", contains="余额不足")


def test_when_bonus_runs_out_principal_covers_the_rest(customer, consultant, cashier, catalog, modes):
    card = stored_value_card(customer, consultant, cashier, modes, catalog)
    m.CustomerCard.objects.filter(pk=card.pk).update(bonus_balance_amount=D("10.00"))
    m.StoredValueEntry.objects.create(card=card, kind="spend", principal_delta_amount=0, bonus_delta_amount=-2490,
                                      principal_after_amount=10000, bonus_after_amount=10)
    order = services.create_order(customer=customer, operator=consultant, lines=[line("item", catalog["ipl"])])
    services.take_payment(order, entries=[entry(modes["stored_value"], "880", card=card)], operator=cashier)
    card.refresh_from_db()
    assert (card.principal_balance_amount, card.bonus_balance_amount) == (D("9130.00"), D("0.00"))


def test_another_customers_card_cannot_pay(customer, other_customer, consultant, cashier, catalog, modes):
    card = stored_value_card(customer, consultant, cashier, modes, catalog)
    order = services.create_order(customer=other_customer, operator=consultant, lines=[line("item", catalog["ipl"])])
    refused(lambda: services.take_payment(order, entries=[entry(modes["stored_value"], "880", card=card)],
                                          operator=cashier), code="wrong_customer")


def test_debt_settles_the_order_and_is_repaid_later(customer, consultant, cashier, catalog, modes):
    order = services.create_order(customer=customer, operator=consultant, lines=[line("card", catalog["count"])])
    refused(lambda: services.take_payment(order, entries=[entry(modes["cash"], "1000"), entry(modes["debt"], "100")],
                                          operator=cashier), code="invalid_debt")
    services.take_payment(order, entries=[entry(modes["alipay"], "2000"), entry(modes["debt"], "4000")],
                          operator=cashier)
    order.refresh_from_db()
    assert (order.status, order.debt_amount, order.paid_amount) == ("partially_paid", D("4000.00"), D("2000.00"))
    assert order.settled_at and m.Entitlement.objects.get(customer=customer).sessions_remaining == 10
    refused(lambda: services.repay_debt(order, entries=[entry(modes["cash"], "4000"), entry(modes["debt"], "1")],
                                        operator=cashier), code="mode_not_allowed")
    services.repay_debt(order, entries=[entry(modes["cash"], "4500")], operator=cashier)  # 500 change
    order.refresh_from_db()
    assert (order.status, order.debt_amount, order.paid_amount) == ("paid", D("0.00"), D("6000.00"))
    assert m.PerformanceEntry.objects.filter(kind="sales").aggregate(s=Sum("amount"))["s"] == D("6000.00")


def test_a_deposit_is_taken_then_applied(customer, consultant, cashier, catalog, modes):
    services.take_deposit(customer, entries=[entry(modes["wechat"], "500")], operator=cashier)
    refused(lambda: services.take_deposit(customer, entries=[entry(modes["deposit"], "1")], operator=cashier),
            code="mode_not_allowed")
    order = services.create_order(customer=customer, operator=consultant, lines=[line("item", catalog["ipl"])])
    refused(lambda: services.take_payment(order, entries=[entry(modes["deposit"], "600"), entry(modes["cash"], "280")],
                                          operator=cashier), code="insufficient_balance")
    services.take_payment(order, entries=[entry(modes["deposit"], "500"), entry(modes["cash"], "380")],
                          operator=cashier)
    account = m.DepositAccount.objects.get(customer=customer)
    assert account.balance_amount == 0
    assert list(account.entries.values_list("delta_amount", flat=True)) == [D("500.00"), D("-500.00")]
    # 500 credited at the deposit, 380 at the payment; the deposit's 500 is not credited twice
    assert m.PerformanceEntry.objects.filter(kind="sales").aggregate(s=Sum("amount"))["s"] == D("880.00")


def test_a_replayed_payment_returns_the_first_and_writes_nothing(customer, consultant, cashier, catalog, modes):
    order = services.create_order(customer=customer, operator=consultant, lines=[line("item", catalog["ipl"], 2)])
    first = services.take_payment(order, entries=[entry(modes["cash"], "880")], operator=cashier,
                                  idempotency_key="pay-0001")
    before = counts()
    again = services.take_payment(order, entries=[entry(modes["cash"], "880")], operator=cashier,
                                  idempotency_key="pay-0001")
    assert again.pk == first.pk and counts() == before


def test_payment_raises_the_tier(customer, consultant, cashier, catalog, modes):
    silver = MembershipTier.objects.create(name="银卡", threshold_amount=D("5000"), discount_rate=D("0.95"))
    paid_order(customer, consultant, cashier, modes, line("card", catalog["count"]))
    customer.refresh_from_db()
    assert customer.tier == silver
    assert CustomerEvent.objects.filter(customer=customer, type="customer.tier_changed").exists()


# --- deductions ------------------------------------------------------------------------------------------------


def deduct(entitlement, customer, nurse, positions, quantity=1, **kwargs):
    kwargs.setdefault("operators", [{"staff": nurse, "position": positions["nurse"]}])
    kwargs.setdefault("signature", SIGNATURE)
    return services.deduct(entitlement, customer=customer, quantity=quantity, operator=nurse, **kwargs)


def test_deduction_takes_sessions_value_fees_consumables_and_keeps_the_signature(customer, consultant, cashier,
                                                                                 nurse, positions, catalog, modes):
    paid_order(customer, consultant, cashier, modes, line("card", catalog["count"]))
    right = m.Entitlement.objects.get(customer=customer)
    deduction = deduct(right, customer, nurse, positions, 3)
    right.refresh_from_db()
    assert right.sessions_remaining == 7 and deduction.value_amount == D("1800.00")
    assert right.value_remaining_amount == D("4200.00")
    operator = deduction.operators.get()
    assert operator.fee_amount == D("90.00") and operator.performance_amount == D("1800.00")
    assert deduction.consumables.get().quantity == D("1.500")
    assert deduction.signature.read().startswith(b"\x89PNG")
    kinds = dict(m.PerformanceEntry.objects.filter(deduction=deduction).values_list("kind", "amount"))
    assert kinds == {"consumption": D("1800.00"), "operation_fee": D("90.00")}
    # the last sessions take what is left
    last = deduct(right, customer, nurse, positions, 7)
    assert last.value_amount == D("4200.00")
    right.refresh_from_db()
    assert (right.sessions_remaining, right.value_remaining_amount, right.status) == (0, 0, "used_up")
    assert right.card.status == "used_up"


def test_bad_deductions_are_refused(customer, other_customer, consultant, cashier, nurse, positions, catalog, modes):
    paid_order(customer, consultant, cashier, modes, line("card", catalog["count"]))
    right = m.Entitlement.objects.get(customer=customer)
    refused(lambda: deduct(right, customer, nurse, positions, 11), code="insufficient_sessions", contains="只剩")
    refused(lambda: deduct(right, other_customer, nurse, positions), code="wrong_customer")
    refused(lambda: deduct(right, customer, nurse, positions, signature=""), code="signature_required")
    refused(lambda: deduct(right, customer, nurse, positions, signature=data_url(signature_png(blank=True))),
            code="signature_empty")
    refused(lambda: deduct(right, customer, nurse, positions, signature="data:image/png;base64,!!!"),
            code="invalid_signature")
    refused(lambda: deduct(right, customer, nurse, positions, signature=data_url(b"GIF89a" + b"0" * 50)),
            code="invalid_signature")
    refused(lambda: deduct(right, customer, nurse, positions, operators=[]), code="required")
    refused(lambda: deduct(right, customer, nurse, positions, item=catalog["hydra"]), code="item_not_eligible")
    # an expired card
    m.Entitlement.objects.filter(pk=right.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    right.refresh_from_db()
    refused(lambda: deduct(right, customer, nurse, positions), code="expired", contains="过期")


def test_n_choose_m_card_checks_the_list_caps_and_repeats(customer, consultant, cashier, nurse, positions, catalog,
                                                          modes):
    paid_order(customer, consultant, cashier, modes, line("card", catalog["choice"]))
    right = m.Entitlement.objects.get(customer=customer)
    assert right.is_choice and right.sessions_remaining == 3
    refused(lambda: deduct(right, customer, nurse, positions), code="item_required")
    other = catalog["ipl"].__class__.objects.create(code="X", name="热玛吉", category=catalog["ipl"].category,
                                                    price_amount=D("9800"))
    refused(lambda: deduct(right, customer, nurse, positions, item=other), code="item_not_eligible",
            contains="不在此卡的可选项目中")
    deduct(right, customer, nurse, positions, item=catalog["hydra"])
    refused(lambda: deduct(right, customer, nurse, positions, item=catalog["hydra"]), code="over_cap")
    deduct(right, customer, nurse, positions, 2, item=catalog["peel"])
    right.refresh_from_db()
    assert right.sessions_remaining == 0 and right.value_remaining_amount == 0
    # a card that forbids repeats
    m.CustomerCard.objects.filter(pk=right.card_id).update(allow_repeat=False)
    services.reverse_deduction(m.Deduction.objects.get(item=catalog["peel"]), reason="录错", operator=nurse)
    right.refresh_from_db()
    refused(lambda: deduct(right, customer, nurse, positions, item=catalog["hydra"]), code="repeat_not_allowed")
    refused(lambda: deduct(right, customer, nurse, positions, 2, item=catalog["peel"]), code="repeat_not_allowed")
    deduct(right, customer, nurse, positions, item=catalog["peel"])  # reversed before: not a repeat


def test_reversal_returns_the_sessions_once(customer, consultant, cashier, nurse, positions, catalog, modes):
    paid_order(customer, consultant, cashier, modes, line("item", catalog["ipl"], 2))
    right = m.Entitlement.objects.get(customer=customer)
    deduction = deduct(right, customer, nurse, positions)
    refused(lambda: services.reverse_deduction(deduction, reason="", operator=nurse), code="required")
    services.reverse_deduction(deduction, reason="客户未做，误划", operator=nurse)
    right.refresh_from_db()
    assert (right.sessions_remaining, right.value_remaining_amount) == (2, D("1760.00"))
    assert m.PerformanceEntry.objects.filter(deduction=deduction).aggregate(s=Sum("amount"))["s"] == 0
    assert deduction.consumables.get().cancelled_at is not None
    refused(lambda: services.reverse_deduction(deduction, reason="再冲", operator=nurse), code="already_reversed")


# --- refunds ----------------------------------------------------------------------------------------------------


def test_refund_of_unused_sessions_by_mode(customer, consultant, cashier, director, nurse, positions, catalog, modes):
    order = services.create_order(customer=customer, operator=consultant, lines=[line("item", catalog["ipl"], 4)])
    services.take_payment(order, operator=cashier, entries=[entry(modes["wechat"], "2000", reference="wx"),
                                                            entry(modes["cash"], "1520")])
    right = m.Entitlement.objects.get(customer=customer)
    deduct(right, customer, nurse, positions, 2)
    order_line = order.lines.get()
    # used sessions cannot be refunded; nor more than a mode paid; nor more than was paid
    refused(lambda: services.request_refund(order, lines=[{"line": order_line, "quantity": 3}], reason="不做了",
                                            entries=[entry(modes["cash"], "2640")], operator=cashier),
            code="sessions_used")
    refused(lambda: services.request_refund(order, lines=[{"line": order_line, "quantity": 2}], reason="不做了",
                                            entries=[entry(modes["cash"], "1760")], operator=cashier),
            code="over_paid")
    refused(lambda: services.request_refund(order, lines=[{"line": order_line, "quantity": 2, "amount": "2000"}],
                                            reason="不做了", entries=[entry(modes["cash"], "2000")], operator=cashier),
            code="over_refundable")
    refund = services.request_refund(order, lines=[{"line": order_line, "quantity": 2}], reason="不做了",
                                     entries=[entry(modes["cash"], "1000"),
                                              entry(modes["wechat"], "760", reference="r")],
                                     operator=cashier)
    assert refund.amount == D("1760.00") and refund.status == "pending"
    refused(lambda: services.approve_refund(refund, operator=cashier), code="self_approval")
    services.approve_refund(refund, operator=director)
    right.refresh_from_db()
    order.refresh_from_db()
    assert (right.sessions_remaining, right.value_remaining_amount, right.status) == (0, 0, "refunded")
    assert (order.status, order.refunded_amount) == ("partially_refunded", D("1760.00"))
    assert m.PerformanceEntry.objects.filter(kind="sales").aggregate(s=Sum("amount"))["s"] == D("1760.00")
    customer.refresh_from_db()
    assert customer.cumulative_spend_amount == D("1760.00")
    assert CustomerEvent.objects.filter(customer=customer, type="refund.done").exists()


def test_self_approval_within_the_configured_limit(customer, consultant, director, catalog, modes):
    SalesSettings.objects.filter(pk=1).update(refund_self_approval_limit_amount=D("1000"))
    order = paid_order(customer, consultant, director, modes, line("product", catalog["cream"], 2))
    refund = services.request_refund(order, lines=[{"line": order.lines.get(), "quantity": 1}], reason="过敏",
                                     entries=[entry(modes["cash"], "198")], operator=director)
    services.approve_refund(refund, operator=director)
    assert order.lines.get().refunded_quantity == 1


def test_refunding_a_stored_value_card_returns_principal_only(customer, consultant, cashier, director, catalog, modes):
    card = stored_value_card(customer, consultant, cashier, modes, catalog)
    spend = services.create_order(customer=customer, operator=consultant, lines=[line("item", catalog["hydra"])])
    services.take_payment(spend, entries=[entry(modes["stored_value"], "1280", card=card)], operator=cashier)
    order = card.order_line.order
    card_line = card.order_line
    refused(lambda: services.request_refund(order, lines=[{"line": card_line, "quantity": 1}], reason="搬家",
                                            entries=[entry(modes["cash"], "8976")], operator=cashier),
            code="card_required")
    refund = services.request_refund(order, lines=[{"line": card_line, "quantity": 1, "card": card}], reason="搬家",
                                     entries=[entry(modes["cash"], "8976")], operator=cashier)
    services.approve_refund(refund, operator=director)
    card.refresh_from_db()
    assert (card.status, card.principal_balance_amount, card.bonus_balance_amount) == ("refunded", 0, 0)
    sums = card.value_entries.aggregate(p=Sum("principal_delta_amount"), b=Sum("bonus_delta_amount"))
    assert (sums["p"], sums["b"]) == (0, 0)
    # a refunded card can neither pay nor be refunded again
    another = services.create_order(customer=customer, operator=consultant, lines=[line("item", catalog["peel"])])
    refused(lambda: services.take_payment(another, entries=[entry(modes["stored_value"], "480", card=card)],
                                          operator=cashier), code="card_inactive")


def test_refund_back_to_the_stored_value_card_that_paid(customer, consultant, cashier, director, catalog, modes):
    card = stored_value_card(customer, consultant, cashier, modes, catalog)
    order = services.create_order(customer=customer, operator=consultant, lines=[line("product", catalog["cream"])])
    services.take_payment(order, entries=[entry(modes["stored_value"], "198", card=card)], operator=cashier)
    refund = services.request_refund(order, lines=[{"line": order.lines.get(), "quantity": 1}], reason="未拆封",
                                     entries=[entry(modes["stored_value"], "198", card=card)], operator=cashier)
    services.approve_refund(refund, operator=director)
    card.refresh_from_db()
    assert (card.principal_balance_amount, card.bonus_balance_amount) == (D("10000.00"), D("2500.00"))


def test_a_count_card_is_refunded_for_its_unused_sessions(customer, consultant, cashier, director, nurse, positions,
                                                          catalog, modes):
    order = paid_order(customer, consultant, cashier, modes, line("card", catalog["count"]))
    right = m.Entitlement.objects.get(customer=customer)
    deduct(right, customer, nurse, positions, 4)
    card = right.card
    refund = services.request_refund(order, lines=[{"line": order.lines.get(), "quantity": 1, "card": card}],
                                     reason="效果不满意", entries=[entry(modes["cash"], "3600")], operator=cashier)
    services.approve_refund(refund, operator=director)
    right.refresh_from_db()
    card.refresh_from_db()
    assert (right.sessions_remaining, right.status, card.status) == (0, "refunded", "refunded")
    refused(lambda: deduct(right, customer, nurse, positions), code="refunded")


def test_an_order_with_debt_cannot_be_refunded(customer, consultant, cashier, catalog, modes):
    order = services.create_order(customer=customer, operator=consultant, lines=[line("item", catalog["ipl"])])
    services.take_payment(order, entries=[entry(modes["cash"], "80"), entry(modes["debt"], "800")], operator=cashier)
    refused(lambda: services.request_refund(order, lines=[{"line": order.lines.get(), "quantity": 1}], reason="x",
                                            entries=[entry(modes["cash"], "80")], operator=cashier), code="has_debt")


# --- performance, day end, assets ----------------------------------------------------------------------------------


def test_sales_performance_split_with_a_missing_person(customer, consultant, cashier, director, catalog, modes):
    SalesSettings.objects.filter(pk=1).update(consultant_ratio=D("0.6"), online_consultant_ratio=D("0.3"),
                                              doctor_ratio=D("0.1"))
    order = services.create_order(customer=customer, operator=consultant, doctor=director,
                                  lines=[line("item", catalog["ipl"])])
    services.take_payment(order, entries=[entry(modes["cash"], "880")], operator=cashier)
    # no online consultant: 0.6 / 0.7 and 0.1 / 0.7 of 880
    rows = dict(m.PerformanceEntry.objects.filter(kind="sales").values_list("role", "amount"))
    assert rows == {"consultant": D("754.29"), "doctor": D("125.71")}
    today = timezone.localdate()
    statement = services.performance_statement(m.PerformanceEntry.objects.all(), date_from=today, date_to=today)
    assert {r["staff"]["id"]: r["sales_amount"] for r in statement} == {consultant.pk: D("754.29"),
                                                                         director.pk: D("125.71")}


def test_day_end_by_mode(customer, consultant, cashier, director, catalog, modes):
    order = services.create_order(customer=customer, operator=consultant, lines=[line("item", catalog["ipl"], 2)])
    services.take_payment(order, operator=cashier, entries=[entry(modes["cash"], "1000"),
                                                            entry(modes["wechat"], "800", reference="w")])
    refund = services.request_refund(order, lines=[{"line": order.lines.get(), "quantity": 1}], reason="x",
                                     entries=[entry(modes["cash"], "880")], operator=cashier)
    services.approve_refund(refund, operator=director)
    report = services.day_end(m.Payment.objects.all(), day=timezone.localdate())
    by_mode = {r["mode_kind"]: r for r in report["modes"]}
    assert by_mode["cash"]["received_amount"] == D("960.00")  # 1000 tendered, 40 change
    assert by_mode["cash"]["refunded_amount"] == D("880.00")
    assert report["cash_expected_amount"] == D("80.00") and report["change_amount"] == D("40.00")
    assert report["received_amount"] == D("1760.00") and report["net_amount"] == D("880.00")
    mine = services.day_end(m.Payment.objects.all(), day=timezone.localdate(), cashier_id=director.pk)
    assert mine["payment_count"] == 0 and mine["refund_count"] == 1


def test_customer_assets_in_a_handful_of_queries(customer, consultant, cashier, catalog, modes,
                                                 django_assert_max_num_queries):
    stored_value_card(customer, consultant, cashier, modes, catalog)
    paid_order(customer, consultant, cashier, modes, line("card", catalog["combo"]), line("item", catalog["peel"], 2))
    services.take_deposit(customer, entries=[entry(modes["cash"], "300")], operator=cashier)
    with django_assert_max_num_queries(5):
        assets = services.customer_assets(customer.pk)
    assert assets["stored_value_amount"] == D("12500.00")
    assert assets["remaining_sessions"] == 7 and assets["deposit_amount"] == D("300.00")
    assert len(assets["cards"]) == 2 and len(assets["entitlements"]) == 3
    assert assets["closed_cards_count"] == 0

    # a card whose sessions are all used is history: counted, not listed
    m.CustomerCard.objects.filter(pk=assets["cards"][0].pk).update(status=m.CardStatus.USED_UP)
    assets = services.customer_assets(customer.pk)
    assert len(assets["cards"]) == 1 and assets["closed_cards_count"] == 1


def test_the_line_check_takes_amounts_that_float_arithmetic_gets_wrong(customer, consultant, catalog):
    # given an order line whose amounts add up exactly in decimals but not in binary floating point
    order = services.create_order(customer=customer, operator=consultant,
                                  lines=[line("item", catalog["ipl"])])
    row = order.lines.get()

    # when the amounts are written straight to the database (as a bulk load would)
    m.OrderLine.objects.filter(pk=row.pk).update(
        list_amount=Decimal("298.00"), tier_discount_amount=Decimal("5.96"), line_discount_amount=Decimal("43.81"),
        order_discount_amount=Decimal("0.00"), total_amount=Decimal("248.23"))

    # then they are accepted, and a line that is a cent off is still refused
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        m.OrderLine.objects.filter(pk=row.pk).update(total_amount=Decimal("248.24"))
    assert m.OrderLine.objects.get(pk=row.pk).total_amount == Decimal("248.23")
