# Delivery: one message to one address, rendered when written, with its delivery state.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):


    dependencies = [
        ("notifications", "0003_alter_notification_event"),
        ("tenancy", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(model_name="notification", name="notification_outbox"),
        migrations.AddField(
            model_name="notification",
            name="channel",
            field=models.CharField(
                choices=[("email", "e-mail"), ("sms", "SMS")],
                default="email",
                max_length=5,
                verbose_name="channel",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="notification",
            name="address",
            field=models.CharField(default="", max_length=254, verbose_name="address"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="notification",
            name="language",
            field=models.CharField(
                choices=[("hy", "Հայերեն"), ("en", "English"), ("ru", "Русский")],
                default="hy",
                max_length=2,
                verbose_name="language",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="notification",
            name="subject",
            field=models.CharField(blank=True, max_length=300, verbose_name="subject"),
        ),
        migrations.AddField(
            model_name="notification",
            name="body",
            field=models.TextField(default="", verbose_name="text"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="notification",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="attempts"),
        ),
        migrations.AddField(
            model_name="notification",
            name="next_attempt_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                help_text="While it is being sent: when another worker may take it over.",
                verbose_name="next attempt",
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="last_error",
            field=models.TextField(blank=True, verbose_name="last error"),
        ),
        migrations.AddField(
            model_name="notification",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="sent"),
        ),
        migrations.AddField(
            model_name="notification",
            name="once_key",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="Set for a message sent at most once (e.g. one digest a day); unique.",
                max_length=200,
            ),
        ),
        # Made unique in 0006, once 0005 has given every existing row its own value.
        migrations.AddField(
            model_name="notification",
            name="message_id",
            field=models.CharField(editable=False, max_length=200, null=True),
        ),
        migrations.AlterField(
            model_name="notification",
            name="recipient",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty when the person has no account and is told at the address on record.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="notifications",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recipient",
            ),
        ),
    ]
