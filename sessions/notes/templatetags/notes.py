"""Notes' parts of other apps' pages: the therapist's unsigned drafts on their schedule."""

from django import template

from ..selectors import overdue_drafts

register = template.Library()


@register.simple_tag(takes_context=True)
def unsigned_drafts(context):
    """The signed-in therapist's drafts left unsigned too long."""
    return overdue_drafts(context["request"].user)
