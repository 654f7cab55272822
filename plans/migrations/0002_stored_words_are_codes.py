"""A paused plan's words and a review's reason are stored as codes (plans.said), not as text in
the language of whoever caused them. Nothing to convert: there is no database with older rows
(the migrations start fresh), so the text columns are replaced."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [
        migrations.RemoveField(model_name="plan", name="pause_reason"),
        migrations.AddField(
            model_name="plan",
            name="pause_reason",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RemoveField(model_name="plan", name="needs_review_reason"),
        migrations.AddField(
            model_name="plan",
            name="needs_review_reason",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
