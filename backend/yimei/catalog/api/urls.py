from django.urls import path
from rest_framework.routers import DefaultRouter

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False

from yimei.catalog.api import items, knowledge  # noqa: E402

items.register(router)
knowledge.register(router)

urlpatterns = [
    path("catalog/handbook/", knowledge.HandbookIndexView.as_view(), name="catalog-handbook-index"),
    *router.urls,
]
