"""Permission codes and the data-scope module of the catalogue (项目与商品).

The catalogue is reference data: it belongs to no one and no unit, so each code alone opens it, whatever the
role's data scope. Reading the knowledge base's pictures needs the handbook code (``catalog.handbook.view``),
which every role that reads or edits the knowledge base also holds.
"""

from yimei.core.access import button, menu, page, register_module, register_permissions

register_module("catalog", "项目与商品", "Catalogue")

register_permissions(
    menu(
        "catalog", "项目与商品", "Catalogue",
        page(
            "catalog.handbook.view", "项目手册", "Project handbook",
        ),
        page(
            "catalog.item.view", "服务项目与分类", "Treatment items and categories",
            button("catalog.item.manage", "维护项目、分类、会员价、耗材与操作费",
                   "Manage items, categories, member prices, consumables, fees"),
        ),
        page(
            "catalog.product.view", "商品", "Products",
            button("catalog.product.manage", "维护商品", "Manage products"),
        ),
        page(
            "catalog.card.view", "卡项", "Card types",
            button("catalog.card.manage", "维护卡项", "Manage card types"),
        ),
        page(
            "catalog.knowledge.view", "知识库与案例", "Knowledge base and cases",
            button("catalog.knowledge.manage", "编辑知识库与案例、上传图片",
                   "Edit articles and cases, upload pictures"),
        ),
    ),
)
