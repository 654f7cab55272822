from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0029_push_subscription"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="install_tip_hidden_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
