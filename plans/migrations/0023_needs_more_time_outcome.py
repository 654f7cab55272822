# v3 §9.12: a screening may end "needs more time" (the shortest safe session does not fit).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0018_fall_report"),
    ]

    operations = [
        migrations.AlterField(
            model_name="screening",
            name="outcome",
            field=models.CharField(
                choices=[
                    ("ready", "Ready to start"),
                    ("paused_physician", "Check with your doctor first"),
                    ("paused_review", "A quick review first"),
                    ("paused_support", "Needs a safe place to practise"),
                    ("no_plan", "Not suitable right now"),
                    ("paused_illness", "Get well first"),
                    ("needs_more_time", "Needs more time each session"),
                ],
                max_length=20,
            ),
        ),
    ]
