"""Customer files API (placeholder module filled below)."""


def register(router) -> None:
    pass
