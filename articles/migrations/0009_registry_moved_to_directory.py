"""The fact registry's models now belong to ``directory`` (its migration 0001 takes them over,
tables and content types included): state only here, so no table is dropped."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_body_video_block"),
        ("directory", "0001_registry_from_articles"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="foundationmodel", name="developer"),
                migrations.RemoveField(model_name="foundationmodel", name="latest_revision"),
                migrations.RemoveField(model_name="foundationmodel", name="live_revision"),
                migrations.RemoveField(model_name="foundationmodel", name="locked_by"),
                migrations.RemoveField(model_name="foundationmodel", name="modalities"),
                migrations.RemoveField(model_name="foundationmodelsource", name="model"),
                migrations.RemoveField(model_name="organisation", name="latest_revision"),
                migrations.RemoveField(model_name="organisation", name="live_revision"),
                migrations.RemoveField(model_name="organisation", name="locked_by"),
                migrations.DeleteModel(name="Modality"),
                migrations.DeleteModel(name="FoundationModel"),
                migrations.DeleteModel(name="FoundationModelSource"),
                migrations.DeleteModel(name="Organisation"),
            ],
            database_operations=[],
        ),
    ]
