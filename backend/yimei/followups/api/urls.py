from rest_framework.routers import DefaultRouter

from yimei.followups.api import config, notifications, tasks

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False

tasks.register(router)
config.register(router)
notifications.register(router)

urlpatterns = router.urls
