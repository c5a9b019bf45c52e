from rest_framework.routers import DefaultRouter

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False

# Each API module of the app registers its viewsets here.
from yimei.customers.api import customers, records, visits  # noqa: E402

customers.register(router)
visits.register(router)
records.register(router)

urlpatterns = router.urls
