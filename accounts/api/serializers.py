from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(label=_("E-mail address"))
    password = serializers.CharField(label=_("Password"), style={"input_type": "password"})
    otp = serializers.CharField(
        label=_("Authenticator code"),
        required=False,
        allow_blank=True,
        help_text=_("Required when the account has two-factor authentication."),
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)
