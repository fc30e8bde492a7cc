from cms.api.fields import ReadOnlyField


class QuestionsField(ReadOnlyField):
    """A form's questions as members see them, so an app can show the form: built-in questions
    (name, email, topic or employer and region, consent) and the editor's, in order."""

    api_schema = {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "label": {"type": "string"},
                "type": {
                    "type": "string",
                    "description": "text, email, number, url, date, datetime-local, textarea, select, "
                    "radio, checkboxes, checkbox or hidden",
                },
                "required": {"type": "boolean"},
                "help_text": {"type": "string"},
                "choices": {"type": "array", "items": {"type": "string"}},
            },
            "required": ["name", "label", "type", "required", "help_text"],
        },
    }

    def to_representation(self, value):
        return value
