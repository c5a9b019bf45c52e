from django.urls import path

from yimei.workbench.api.views import WorkbenchView

urlpatterns = [path("workbench/", WorkbenchView.as_view(), name="workbench")]
