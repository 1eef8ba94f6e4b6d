# Rows written before delivery existed: a message ID and an address each (own transaction,
# apart from the schema changes around it, as PostgreSQL wants).

from django.db import migrations

import hamaynk.notifications.models


def fill_existing(apps, schema_editor):
    """Rows written before delivery existed get a message ID and the recipient's address,
    and are marked failed rather than sent late: they were reminders of their day."""
    Notification = apps.get_model("notifications", "Notification")
    for row in Notification.objects.select_related("recipient").iterator():
        row.message_id = hamaynk.notifications.models.new_message_id()
        user = row.recipient
        if user is not None:
            row.language = user.preferred_language or "hy"
            if user.preferred_channel == "sms" and user.phone:
                row.channel, row.address = "sms", user.phone
            else:
                row.channel, row.address = "email", user.email or ""
        if row.state == "pending":
            row.state = "failed"
            row.last_error = "Written before notifications were delivered; not sent."
        row.save()


class Migration(migrations.Migration):

    dependencies = [("notifications", "0004_delivery")]

    operations = [migrations.RunPython(fill_existing, migrations.RunPython.noop)]
