from wagtail import hooks

from cms.security.rich_text_editor import ENTITY_DECORATORS


@hooks.register("register_rich_text_features", order=100)
def store_only_safe_links_and_embeds(features):
    """Every rich text editor converts links, document links and images with the strict
    converters in ``cms.security.rich_text_editor``. Runs after Wagtail's own registrations (order 0),
    whose rules it amends."""
    rules = features.converter_rules_by_converter.get("contentstate", {})
    for feature, (entity_type, decorator) in ENTITY_DECORATORS.items():
        rule = rules.get(feature)
        if rule is None:
            continue
        to_database = dict(rule.get("to_database_format", {}))
        to_database["entity_decorators"] = {
            **to_database.get("entity_decorators", {}),
            entity_type: decorator,
        }
        features.register_converter_rule("contentstate", feature, {**rule, "to_database_format": to_database})
