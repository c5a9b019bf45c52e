from rest_framework.routers import SimpleRouter

from yimei.audit.api import views

router = SimpleRouter()
router.register("audit/operations", views.OperationLogViewSet, basename="audit-operation")
router.register("audit/changes", views.ChangeLogViewSet, basename="audit-change")
router.register("audit/logins", views.LoginLogViewSet, basename="audit-login")

urlpatterns = router.urls
