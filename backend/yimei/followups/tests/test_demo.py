"""The demo seed switches the rules on and gives the demo consultants follow-ups in every state, once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from yimei.accounts.demo import seed_demo, seed_demo_customers
from yimei.accounts.models import User
from yimei.followups import demo
from yimei.followups.models import CareDelivery, CarePlan, FollowUpRule, FollowUpTask, ResourceRule
from yimei.notify.models import Message


@pytest.mark.django_db
def test_demo_followups_are_seeded_once(settings, tmp_path, monkeypatch):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    monkeypatch.setattr("yimei.accounts.demo.DEMO_CUSTOMERS", 60)
    seed_demo()
    seed_demo_customers()

    today = timezone.localdate()
    assert FollowUpRule.objects.filter(enabled=True).count() == 5
    assert CarePlan.objects.count() >= 8 and ResourceRule.objects.count() == 3
    consultant = User.objects.get(username="consultant")
    mine = FollowUpTask.objects.filter(assignee=consultant)
    assert mine.filter(status="open", due_on=today).exists()
    assert mine.filter(status="open", due_on__lt=today).exists()
    assert mine.filter(status="open", due_on__gt=today).exists()
    assert mine.filter(status="done").exists()
    # today's demo deductions got their aftercare and post-treatment follow-ups from the engine's first pass
    assert FollowUpTask.objects.filter(rule__kind="post_treatment").exists()
    assert CareDelivery.objects.exists()
    assert Message.objects.filter(kind="care.instructions").exists()
    count = FollowUpTask.objects.count()
    # again: nothing more
    assert demo.seed_followups() == 0
    seed_demo_customers()
    assert FollowUpTask.objects.count() == count
