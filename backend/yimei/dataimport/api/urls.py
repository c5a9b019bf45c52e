from rest_framework.routers import SimpleRouter

from yimei.dataimport.api import views

router = SimpleRouter()
router.register("imports", views.ImportJobViewSet, basename="import-job")
router.register("import-templates", views.ImportTemplateViewSet, basename="import-template")

urlpatterns = router.urls
