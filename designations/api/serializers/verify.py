"""What the public verification of a designation number answers (API.md: exactly these keys)."""

from rest_framework import serializers

from designations.api.serializers.fields import DesignationStatusField
from suppliers.enums import Tier


class VerifiedFirmSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="name_ko", help_text="The firm's registered Korean name.")
    name_en = serializers.CharField(help_text="The firm's English name; empty when it has none.")


class VerifiedFieldSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The technology field's code in /api/v1/taxonomy/.")
    name = serializers.CharField(source="name_ko", help_text="The field's Korean name.")
    name_en = serializers.CharField(help_text="The field's English name.")


class VerificationSerializer(serializers.Serializer):
    number = serializers.CharField(help_text="The canonical number, 스마트제조-YYYY-NNNN.")
    firm = VerifiedFirmSerializer()
    status = DesignationStatusField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(help_text="The last day of the validity.")
    tier = serializers.ChoiceField(choices=Tier.choices)
    fields = VerifiedFieldSerializer(many=True, help_text="The designated technology fields.")
