from rest_framework import serializers

from yimei.audit.models import ChangeLog, LoginLog, OperationLog


class OperationLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = OperationLog
        fields = ["id", "created_at", "operator", "operator_name", "staff_number", "module", "action",
                  "object_type", "object_id", "object_repr", "ip", "result", "status_code", "request_id",
                  "method", "path", "message"]
        read_only_fields = fields


class ChangeLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChangeLog
        fields = ["id", "created_at", "operator", "operator_name", "action", "object_type", "object_id",
                  "object_repr", "before", "after", "request_id"]
        read_only_fields = fields


class LoginLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = LoginLog
        fields = ["id", "created_at", "user", "username", "event", "ip", "user_agent", "reason"]
        read_only_fields = fields
