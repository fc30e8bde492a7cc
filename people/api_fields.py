from rest_framework import serializers

from cms.api.json_schema import array, ref


class RegionsField(serializers.Field):
    """Regions as {id, name, nation}: enough for an app to show and filter by them."""

    api_schema = array(ref("Region"))

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return [{"id": region.pk, "name": region.name, "nation": region.nation} for region in value.all()]
