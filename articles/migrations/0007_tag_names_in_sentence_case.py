"""Existing tags in the site's one tag style (articles/tags.py): first letter a capital.

Tags whose names differ only in case become one (the oldest), their articles and other
tagged objects moving to it. The rule is written out here rather than imported, so this
migration keeps meaning what it meant when the rule changes.
"""

from django.db import migrations


def _styled(name):
    folded = " ".join((name or "").split())
    return folded[:1].upper() + folded[1:]


def _move_items(model, old, kept, *owner_fields):
    """Re-point `model`'s rows from tag `old` to `kept`, dropping any that would repeat."""
    for item in model.objects.filter(tag=old):
        owner = {field: getattr(item, field) for field in owner_fields}
        if model.objects.filter(tag=kept, **owner).exists():
            item.delete()
        else:
            item.tag = kept
            item.save(update_fields=["tag"])


def names_in_sentence_case(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    ArticleTag = apps.get_model("articles", "ArticleTag")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    groups = {}
    for tag in Tag.objects.order_by("pk"):
        groups.setdefault(_styled(tag.name).casefold(), []).append(tag)
    for kept, *others in groups.values():
        # The repeats go first: the kept tag's new name may be one of theirs.
        for other in others:
            _move_items(ArticleTag, other, kept, "content_object_id")
            _move_items(TaggedItem, other, kept, "content_type_id", "object_id")
            other.delete()
        styled = _styled(kept.name)
        if kept.name != styled:
            kept.name = styled
            kept.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_body_blocks_paragraph_description_list_settings"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(names_in_sentence_case, migrations.RunPython.noop)]
