from django.db import models


class Result(models.TextChoices):
    SUCCESS = "success", "成功"
    FAILURE = "failure", "失败"
    DENIED = "denied", "拒绝"


class ChangeAction(models.TextChoices):
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"


class LoginEvent(models.TextChoices):
    LOGIN = "login", "登录成功"
    LOGOUT = "logout", "退出"
    FAILURE = "failure", "登录失败"
    LOCKED = "locked", "账号锁定"
    TIMEOUT = "timeout", "会话超时"
    UNLOCK = "unlock", "解除锁定"
