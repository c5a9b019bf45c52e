"""Fixtures of the catalogue tests: managers, readers, a small category tree and items."""

from __future__ import annotations

import pytest

from yimei.catalog import services

MANAGE_ALL = ["catalog.item.view", "catalog.item.manage", "catalog.product.view", "catalog.product.manage",
              "catalog.card.view", "catalog.card.manage", "catalog.knowledge.view", "catalog.knowledge.manage",
              "catalog.handbook.view"]
READ_ALL = ["catalog.item.view", "catalog.product.view", "catalog.card.view", "catalog.knowledge.view",
            "catalog.handbook.view"]


@pytest.fixture
def manager(make_staff):
    return make_staff(MANAGE_ALL)


@pytest.fixture
def reader(make_staff):
    return make_staff(READ_ALL)


@pytest.fixture
def api(manager, client_for):
    return client_for(manager)


@pytest.fixture
def tree(manager):
    """光电 › 光子嫩肤 and 光电 › 激光; 注射."""
    energy = services.create_category(operator=manager, name="光电", kind="energy")
    ipl = services.create_category(operator=manager, name="光子嫩肤", parent=energy)
    laser = services.create_category(operator=manager, name="激光", parent=energy)
    injection = services.create_category(operator=manager, name="注射", kind="injection")
    return {"energy": energy, "ipl": ipl, "laser": laser, "injection": injection}


@pytest.fixture
def consumable(manager):
    return services.create_product(operator=manager, code="P-HA1", name="玻尿酸 1ml", kind="consumable",
                                   unit="支", pack_unit="盒", pieces_per_pack=1, price_amount="0")


@pytest.fixture
def ipl_item(manager, tree):
    return services.create_item(operator=manager, code="IPL", name="光子嫩肤 IPL", category=tree["ipl"],
                                price_amount="880")


@pytest.fixture
def hydra_item(manager, tree):
    return services.create_item(operator=manager, code="HYD", name="水光针", category=tree["injection"],
                                price_amount="1280")
