from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0016_plan_event_routine"),
    ]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="pause_causes",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
