from django.db import migrations

# The kinds of input and output the comparison tables talk about; editors can add more.
DEFAULT_MODALITIES = [
    ("text", "text", 10),
    ("images", "images", 20),
    ("audio", "audio", 30),
    ("video", "video", 40),
    ("code", "code", 50),
]


def add_modalities(apps, schema_editor):
    Modality = apps.get_model("articles", "Modality")
    for slug, name, order in DEFAULT_MODALITIES:
        Modality.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_fact_registry_and_tables")]

    operations = [migrations.RunPython(add_modalities, migrations.RunPython.noop)]
