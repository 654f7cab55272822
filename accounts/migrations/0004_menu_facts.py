from django.db import migrations, models
from django.db.models import Exists, OuterRef, Q


def store_menu_facts(apps, schema_editor):
    """The menu facts of people who exist already, from the same tables their writers read."""
    User = apps.get_model("accounts", "User")
    Plan = apps.get_model("plans", "Plan")
    CoachLink = apps.get_model("coaching", "CoachLink")
    Note = apps.get_model("coaching", "Note")
    User.objects.filter(Exists(Plan.objects.filter(client=OuterRef("pk")))).update(
        menu_has_plan=True
    )
    User.objects.filter(
        Q(Exists(CoachLink.objects.filter(client=OuterRef("pk"), ended_at__isnull=True)))
        | Q(Exists(Note.objects.filter(client=OuterRef("pk"))))
    ).update(menu_has_coach=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_language"),
        ("coaching", "0001_initial"),
        ("plans", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="menu_has_coach",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="user",
            name="menu_has_plan",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(store_menu_facts, migrations.RunPython.noop),
    ]
