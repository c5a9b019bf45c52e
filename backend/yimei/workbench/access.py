"""Permission codes of the workbench (工作台): one per view, so a role opens the views its people work in.

The workbench has no data of its own and no data-scope module: each figure is read through ``restrict()`` with
the code of the module it belongs to (appointments, customer file, sales, follow-ups), so it covers the user's
scope there, and a figure whose module the user cannot open is left out.
"""

from yimei.core.access import menu, page, register_permissions

register_permissions(
    menu(
        "workbench", "工作台", "Workbench",
        page("workbench.reception.view", "前台工作台", "Reception workbench"),
        page("workbench.consultant.view", "咨询工作台", "Consultant workbench"),
        page("workbench.clinician.view", "医护工作台", "Doctor and nurse workbench"),
        page("workbench.cashier.view", "收银工作台", "Cashier workbench"),
        page("workbench.director.view", "科室概况", "Department summary"),
    ),
)
