"""The registry of function-permission codes and data-scope modules.

Each app declares its menus, pages and buttons in ``yimei/<app>/access.py`` by calling ``register_module``
and ``register_permissions``; ``autodiscover`` imports those files once at start-up. The registry is the
only source of permission codes: the database table ``accounts.Permission`` is synced from it after
every migration, so a role can only hold codes that exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps


class Kind:
    MENU = "menu"
    PAGE = "page"
    BUTTON = "button"


@dataclass(frozen=True)
class Node:
    code: str
    name: str
    name_en: str
    kind: str = Kind.BUTTON
    children: tuple[Node, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Module:
    code: str
    name: str
    name_en: str


def menu(code: str, name: str, name_en: str, *children: Node) -> Node:
    return Node(code, name, name_en, Kind.MENU, tuple(children))


def page(code: str, name: str, name_en: str, *children: Node) -> Node:
    return Node(code, name, name_en, Kind.PAGE, tuple(children))


def button(code: str, name: str, name_en: str) -> Node:
    return Node(code, name, name_en, Kind.BUTTON)


_modules: dict[str, Module] = {}
_tree: list[Node] = []


def register_module(code: str, name: str, name_en: str) -> None:
    _modules[code] = Module(code, name, name_en)


def register_permissions(*nodes: Node) -> None:
    known = set(all_codes())
    for node in nodes:
        for code, *_ in _walk(node, None):
            if code in known:
                raise ValueError(f"permission code registered twice: {code}")
    _tree.extend(nodes)


def modules() -> list[Module]:
    return list(_modules.values())


def tree() -> list[Node]:
    return list(_tree)


def _walk(node: Node, parent: str | None, depth: int = 0) -> Iterator[tuple[str, Node, str | None, int]]:
    yield node.code, node, parent, depth
    for child in node.children:
        yield from _walk(child, node.code, depth + 1)


def flat() -> list[tuple[str, Node, str | None, int]]:
    """(code, node, parent code, depth) for every node, in tree order."""
    return [row for root in _tree for row in _walk(root, None)]


def all_codes() -> list[str]:
    return [code for code, *_ in flat()]


def module_of(code: str) -> str:
    """The data-scope module a permission code belongs to: its first dotted part."""
    return code.split(".", 1)[0]


def autodiscover() -> None:
    for config in apps.get_app_configs():
        if config.name.startswith("yimei."):
            try:
                import_module(f"{config.name}.access")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.access":
                    raise
