"""Inquiries' audit entries leave the firm's history: officers read it, and it named the senders
(their e-mail and company). They move to the inquiries' own scope, "firm:<id>:inquiries"."""

from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Concat

ACTIONS = ["inquiry.create", "inquiry.status"]


def rescope(apps, schema_editor):
    AuditEntry = apps.get_model("registry", "AuditEntry")
    entries = AuditEntry.objects.filter(action__in=ACTIONS, scope__regex=r"^firm:[0-9]+$")
    entries.update(scope=Concat(F("scope"), Value(":inquiries")))


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0001_initial"),
        ("suppliers", "0006_inquiry_need_length"),
    ]

    operations = [migrations.RunPython(rescope, migrations.RunPython.noop)]
