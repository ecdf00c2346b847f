"""Serializer fields for the pages API: what an article's author looks like in JSON.

The author is a snippet with no endpoint of its own, so the article names it inline (the
slug is what ``/api/v2/pages/?author=`` filters on). Declared on the page models'
``api_fields``; the endpoints are in articles/api_pages.py.
"""

from rest_framework import serializers


class AuthorField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance.author

    def to_representation(self, author):
        return {"name": author.name, "slug": author.slug}


class TagSlugsField(serializers.Field):
    """Tags as the name a reader sees and the slug ``?tag=`` filters on."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance.tags

    def to_representation(self, tags):
        return [{"name": tag.name, "slug": tag.slug} for tag in tags.all()]
