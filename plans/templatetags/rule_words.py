"""The rules' own explanations for pages, so no threshold is copied into a template."""

from django import template

from plans import engine, progression

register = template.Library()


@register.simple_tag
def levels_explained(tier: str) -> str:
    """What "Level 1 of 4" means for this tier (progression.levels_explained)."""
    return progression.levels_explained(tier) if tier else ""


@register.simple_tag
def tier_explained(tier: str) -> str:
    """What the tier ("Steady start") means for the plan (engine.tier_explained)."""
    return engine.tier_explained(tier) if tier else ""
