import django.db.models.deletion
from django.db import migrations, models


def existing_accounts_are_confirmed(apps, schema_editor):
    """Accounts that can log in today keep counting as confirmed under the new default.

    Every row already stores its value, so this changes nothing that was written by the code
    of the time; it states the rule. A sign-up still waiting for its link (switched off and
    unconfirmed) stays waiting: nobody has proved that address yet.
    """
    User = apps.get_model("plans", "User")
    User.objects.filter(is_active=True, email_confirmed=False).update(email_confirmed=True)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0023_needs_more_time_outcome"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="email_confirmed",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="user",
            name="signup_invite",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="plans.invite",
            ),
        ),
        migrations.RunPython(existing_accounts_are_confirmed, migrations.RunPython.noop),
    ]
