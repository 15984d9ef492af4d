from django import template

register = template.Library()


@register.filter
def get_item(row, key):
    """``row[key]`` in a template (a section's row is a dict)."""
    return row.get(key) if hasattr(row, "get") else None
