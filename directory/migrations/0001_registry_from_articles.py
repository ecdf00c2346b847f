"""The fact registry's models move here from ``articles`` without touching their rows.

State only: the tables keep their names (``Meta.db_table``), so no row is copied and no
foreign key changes. What does change is the app label Django and Wagtail file the models
under, ``django_content_type``: its rows are renamed in place (articles → directory), so every
row that points at them (revisions, log entries and so the Fact history, the reference index,
permissions and the groups holding them, locks, workflow states, search entries) keeps
pointing at the same objects. articles/migrations/0009 removes the models from articles'
state in turn.
"""

import datetime

import django.db.models.deletion
import modelcluster.fields
import wagtail.models.preview
from django.conf import settings
from django.db import migrations, models

MOVED_MODELS = ("organisation", "modality", "foundationmodel", "foundationmodelsource")


def rename_content_types(apps, from_label, to_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED_MODELS:
        old = ContentType.objects.filter(app_label=from_label, model=model).first()
        if old is None:
            continue  # a new database: post_migrate creates the row under the new label
        early = ContentType.objects.filter(app_label=to_label, model=model).first()
        if early is not None:
            merge_content_type(apps, early, old)
        old.app_label = to_label
        old.save(update_fields=["app_label"])
    # Django keeps content types in a per-process cache that still holds the old labels.
    ContentType.objects.clear_cache()


def merge_content_type(apps, early, kept):
    """Fold a row made under the new label before this migration ran into the old one.

    Wagtail's post_migrate creates its publish/lock permissions for the snippet models the
    code defines, so a ``migrate`` of another app run with this code in place (or any code
    that asked for the content type early) leaves a second row. Whatever points at it moves
    to the row the revisions and log entries already use; a permission that the old row
    has too is replaced by that one in every group and user that held it."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    holders = [
        apps.get_model("auth", "Group")._meta.get_field("permissions").remote_field.through,
        apps.get_model(settings.AUTH_USER_MODEL)._meta.get_field("user_permissions")
        .remote_field.through,
    ]
    for permission in Permission.objects.filter(content_type=early):
        twin = Permission.objects.filter(content_type=kept, codename=permission.codename).first()
        if twin is None:
            permission.content_type = kept
            permission.save(update_fields=["content_type"])
            continue
        for through in holders:
            owner = next(f.name for f in through._meta.fields if f.name not in ("id", "permission"))
            for link in through.objects.filter(permission=permission):
                if through.objects.filter(permission=twin, **{owner: getattr(link, owner)}).exists():
                    link.delete()
                else:
                    through.objects.filter(pk=link.pk).update(permission=twin)
        permission.delete()
    for model in apps.get_models(include_auto_created=True):
        if model is Permission:
            continue
        for field in model._meta.concrete_fields:
            if field.many_to_one and field.related_model is ContentType:
                model.objects.filter(**{field.name: early}).update(**{field.name: kept})
    early.delete()


def forwards(apps, schema_editor):
    rename_content_types(apps, "articles", "directory")


def backwards(apps, schema_editor):
    rename_content_types(apps, "directory", "articles")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0008_body_video_block"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Modality',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text='Lower case, plural where natural: images.', max_length=40)),
                        ('slug', models.SlugField(max_length=40, unique=True)),
                        ('sort_order', models.PositiveSmallIntegerField(default=100, help_text='Lower numbers are listed first (text before images…).')),
                    ],
                    options={
                        'verbose_name_plural': 'modalities',
                        'db_table': 'articles_modality',
                        'ordering': ['sort_order', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='FoundationModel',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('live', models.BooleanField(default=True, editable=False, verbose_name='live')),
                        ('has_unpublished_changes', models.BooleanField(default=False, editable=False, verbose_name='has unpublished changes')),
                        ('first_published_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='first published at')),
                        ('last_published_at', models.DateTimeField(editable=False, null=True, verbose_name='last published at')),
                        ('go_live_at', models.DateTimeField(blank=True, null=True, verbose_name='go live date/time')),
                        ('expire_at', models.DateTimeField(blank=True, null=True, verbose_name='expiry date/time')),
                        ('expired', models.BooleanField(default=False, editable=False, verbose_name='expired')),
                        ('locked', models.BooleanField(default=False, editable=False, verbose_name='locked')),
                        ('locked_at', models.DateTimeField(editable=False, null=True, verbose_name='locked at')),
                        ('name', models.CharField(max_length=120)),
                        ('slug', models.SlugField(max_length=120, unique=True)),
                        ('parameter_status', models.CharField(choices=[('disclosed', 'Disclosed by the developer'), ('estimated', 'Estimated by others (needs a source)'), ('undisclosed', 'Undisclosed')], default='disclosed', max_length=12, verbose_name='parameter count is')),
                        ('min_parameters_billions', models.DecimalField(blank=True, decimal_places=3, help_text='Leave blank for a single size.', max_digits=12, null=True, verbose_name='smallest variant (billions)')),
                        ('max_parameters_billions', models.DecimalField(blank=True, decimal_places=3, help_text='Total parameters of the largest variant: 405 for 405B, 1800 for 1.8T.', max_digits=12, null=True, verbose_name='largest variant (billions)')),
                        ('active_parameters_billions', models.DecimalField(blank=True, decimal_places=3, help_text='Mixture-of-experts models only: parameters used per token.', max_digits=12, null=True, verbose_name='active parameters (billions)')),
                        ('parameter_notation', models.CharField(blank=True, help_text='Shown instead of the number, e.g. 8x22B for a mixture of experts.', max_length=40, verbose_name='notation for the largest variant')),
                        ('release_date', models.DateField(blank=True, null=True)),
                        ('open_weights', models.BooleanField(default=False, help_text='Anyone can download the trained weights.')),
                        ('licence', models.CharField(blank=True, max_length=120)),
                        ('as_of', models.DateField(default=datetime.date.today, help_text='When someone last checked these facts against the sources.', verbose_name='facts checked on')),
                        ('latest_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='latest revision')),
                        ('live_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='live revision')),
                        ('locked_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='locked_%(class)ss', to=settings.AUTH_USER_MODEL, verbose_name='locked by')),
                        ('modalities', modelcluster.fields.ParentalManyToManyField(blank=True, related_name='foundation_models', to='directory.modality')),
                    ],
                    options={
                        'verbose_name': 'foundation model',
                        'db_table': 'articles_foundationmodel',
                        'ordering': ['name'],
                    },
                    bases=(wagtail.models.preview.PreviewableMixin, models.Model),
                ),
                migrations.CreateModel(
                    name='FoundationModelSource',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('fact', models.CharField(choices=[('general', 'The model in general'), ('developer', 'Developer'), ('modalities', 'Modalities'), ('parameters', 'Parameter count'), ('release_date', 'Release date'), ('open_weights', 'Open weights'), ('licence', 'Licence')], default='general', max_length=20)),
                        ('url', models.URLField(max_length=500, verbose_name='URL')),
                        ('title', models.CharField(max_length=200)),
                        ('accessed', models.DateField(default=datetime.date.today)),
                        ('model', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='sources', to='directory.foundationmodel')),
                    ],
                    options={
                        'verbose_name': 'source',
                        'db_table': 'articles_foundationmodelsource',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='Organisation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('live', models.BooleanField(default=True, editable=False, verbose_name='live')),
                        ('has_unpublished_changes', models.BooleanField(default=False, editable=False, verbose_name='has unpublished changes')),
                        ('first_published_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='first published at')),
                        ('last_published_at', models.DateTimeField(editable=False, null=True, verbose_name='last published at')),
                        ('go_live_at', models.DateTimeField(blank=True, null=True, verbose_name='go live date/time')),
                        ('expire_at', models.DateTimeField(blank=True, null=True, verbose_name='expiry date/time')),
                        ('expired', models.BooleanField(default=False, editable=False, verbose_name='expired')),
                        ('locked', models.BooleanField(default=False, editable=False, verbose_name='locked')),
                        ('locked_at', models.DateTimeField(editable=False, null=True, verbose_name='locked at')),
                        ('name', models.CharField(max_length=120)),
                        ('slug', models.SlugField(max_length=120, unique=True)),
                        ('website', models.URLField(blank=True)),
                        ('latest_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='latest revision')),
                        ('live_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='live revision')),
                        ('locked_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='locked_%(class)ss', to=settings.AUTH_USER_MODEL, verbose_name='locked by')),
                    ],
                    options={
                        'db_table': 'articles_organisation',
                        'ordering': ['name'],
                    },
                ),
                migrations.AddField(
                    model_name='foundationmodel',
                    name='developer',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='foundation_models', to='directory.organisation'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
