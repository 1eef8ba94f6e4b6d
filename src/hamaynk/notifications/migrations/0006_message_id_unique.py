# The message ID is unique; indexes for the worker and for the case page.

import django.db.models.deletion
from django.db import migrations, models

import hamaynk.notifications.models


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0005_fill_existing"),
        ("tenancy", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="message_id",
            field=models.CharField(
                default=hamaynk.notifications.models.new_message_id,
                editable=False,
                max_length=200,
                unique=True,
                verbose_name="message ID",
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="community",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="notifications",
                to="tenancy.community",
                verbose_name="community",
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="state",
            field=models.CharField(
                choices=[
                    ("pending", "waiting to be sent"),
                    ("sending", "being sent"),
                    ("sent", "sent"),
                    ("failed", "failed"),
                ],
                default="pending",
                max_length=10,
                verbose_name="state",
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="written"),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(fields=["state", "next_attempt_at"], name="notification_due"),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(fields=["object_type", "object_id"], name="notification_object"),
        ),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.UniqueConstraint(
                condition=models.Q(("once_key", ""), _negated=True),
                fields=("once_key",),
                name="notification_once",
            ),
        ),
    ]
