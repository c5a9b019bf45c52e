"""``GET /api/v1/workbench/``: the logged-in user's workbench — every view their roles open, or the one asked for."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from yimei.core.api import YimeiAPIView
from yimei.core.errors import BusinessError
from yimei.core.permissions import AUTHENTICATED, MissingPermission
from yimei.workbench import selectors
from yimei.workbench.api.serializers import WorkbenchSerializer
from yimei.workbench.choices import View, view_code

VIEW_NAMES = dict(View.choices)


class WorkbenchView(YimeiAPIView):
    """Open to every member of staff: what it shows is decided per view (``workbench.<view>.view``) and, inside a
    view, per figure by the code of the module the figure belongs to (a figure the user cannot open is null)."""

    permission_code = AUTHENTICATED
    audit_module = "workbench"

    @extend_schema(
        responses=WorkbenchSerializer, summary="工作台",
        parameters=[OpenApiParameter("view", OpenApiTypes.STR, enum=View.values,
                                     description="只看其中一个视图（须为您可查看的）；不传则返回您可查看的全部视图")],
        description="按登录员工的角色给出工作台：前台（今日预约、到院、候诊）、咨询（我的客户今日在院、我的回访、我的成交）、"
                    "医护（我的治疗、待划扣、未签名）、收银（待收款订单、今日收款）、科室概况（今日对比昨日与上周同日）。"
                    "每个数字都带有其背后列表的链接；数据范围同各模块的数据权限，无权查看的数字为 null。")
    def get(self, request: Request) -> Response:
        held = selectors.views_of(request.user)
        wanted = request.query_params.get("view", "")
        if wanted:
            if wanted not in VIEW_NAMES:
                raise BusinessError("没有这个工作台视图。", code="invalid",
                                    fields={"view": [f"可选：{'、'.join(View.values)}。"]})
            if wanted not in held:
                raise MissingPermission(view_code(wanted))
            views = [wanted]
        else:
            views = held
        data = selectors.workbench(request.user, views=views)
        data["views"] = [{"code": v, "name": VIEW_NAMES[v]} for v in held]
        return Response(WorkbenchSerializer(data).data)
