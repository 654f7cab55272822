"""`{% menu_links as links %}`: the main menu's items, rendered once per page.

The header shows them twice (a bar on wide screens, a folded menu on phones); rendering the
partial once and printing the result twice halves the menu's cost on every page.
"""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_links(context) -> str:
    partial = context.template.engine.get_template("partials/_nav_links.html")
    return partial.render(context)
