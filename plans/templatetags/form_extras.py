"""`bs_field`: one form field as Bootstrap 5 markup, built in Python.

It emits the markup crispy-forms' bootstrap5 `as_crispy_field` emitted (same wrappers, classes and
ids: `div_<id>`, `<id>_helptext`, `<id>_error`, `error_<n>_<id>`; `aria-describedby` and
`aria-invalid` come from Django's BoundField) at a fraction of the cost: crispy rendered ~10
nested templates per field (~1.3 ms a field); this is a few string joins.
"""

from django import forms, template
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


def _widget_class(widget, extra):
    """The class crispy gave a widget: its own class, the widget's lowercased type, then `extra`."""
    name = type(widget).__name__.lower()
    classes = widget.attrs.get("class", "")
    if classes:
        if classes.find(name) == -1:
            classes += " " + name
    else:
        classes = name
    present = classes.split()
    for cls in extra.split():
        if cls not in present:
            classes += " " + cls
    return classes


def _errors(field):
    if not field.errors:
        return ""
    items = "".join(
        format_html('<p id="error_{}_{}"><strong>{}</strong></p>', n, field.auto_id, error)
        for n, error in enumerate(field.errors, start=1)
    )
    return format_html(
        '<div id="{}_error" class="invalid-feedback">{}</div>',
        field.errors.field_id,
        mark_safe(items),  # noqa: S308 - each item came from format_html
    )


def _help(field):
    if not field.help_text:
        return ""
    if field.auto_id:
        return format_html(
            '<div id="{}_helptext" class="form-text">{}</div>',
            field.auto_id,
            mark_safe(field.help_text),  # noqa: S308 - our own help text; crispy printed it |safe
        )
    help_text = mark_safe(field.help_text)  # noqa: S308 - as above
    return format_html('<div class="form-text">{}</div>', help_text)


def _label_text(field):
    star = '<span class="asteriskField">*</span>' if field.field.required else ""
    return conditional_escape(field.label) + mark_safe(star)  # noqa: S308 - a literal


def _attrs(attrs):
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(" " + escape(name))
        else:
            out.append(format_html(' {}="{}"', name, str(value)))
    return mark_safe("".join(out))  # noqa: S308 - names escaped, values via format_html


_INPUTS = {
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "number", "email", "password", "date", "checkbox", "url", "tel")
}


def _widget(field, attrs):
    """`field.as_widget(attrs=attrs)` with Django's stock widget templates done in Python.

    Inputs, textareas and selects give the markup Django's templates give, byte for byte (Django
    renders each widget, and each <option>, through the template engine: most of a field's cost).
    Any other widget, or one with its own template, goes through Django as usual.
    """
    given = attrs
    widget = field.field.widget
    name = widget.template_name
    plain = name in _INPUTS or name in (
        "django/forms/widgets/textarea.html",
        "django/forms/widgets/select.html",
    )
    if not plain or type(widget).render is not forms.Widget.render:
        return field.as_widget(attrs=attrs)
    attrs = field.build_widget_attrs(dict(attrs))
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    html_attrs = _attrs(context["attrs"])
    if name in _INPUTS:
        value = context["value"]
        value_attr = format_html(' value="{}"', str(value)) if value is not None else ""
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            context["type"],
            context["name"],
            value_attr,
            html_attrs,
        )
    if name == "django/forms/widgets/textarea.html":
        value = context["value"]
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            context["name"],
            html_attrs,
            _text(value) if value else "",
        )
    parts = [format_html('<select name="{}"{}>', context["name"], html_attrs)]
    for group_name, options, _index in context["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', _text(group_name)))
        for option in options:
            if option["template_name"] != "django/forms/widgets/select_option.html":
                return field.as_widget(attrs=given)
            parts.append(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',
                    str(option["value"]),
                    _attrs(option["attrs"]),
                    _text(option["label"]),
                )
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 - literals and format_html output


def _text(value):
    """A value as `{{ value }}` prints it (localized, escaped)."""
    return conditional_escape(value if isinstance(value, str) else localize(value))


def _choices(field):
    """Radios or checkboxes, one `form-check` each; errors under the last, help text after."""
    widget = field.field.widget
    id_ = widget.attrs.get("id") or field.auto_id
    attrs = field.build_widget_attrs({"id": id_} if id_ else {})
    values = widget.format_value(field.value())
    invalid = " is-invalid" if field.errors else ""
    groups = widget.optgroups(field.html_name, values, attrs)
    parts = ["<div >"]
    for g, (group, options, _index) in enumerate(groups):
        if group:
            parts.append(format_html("<strong>{}</strong>", group))
        for o, option in enumerate(options):
            last = o == len(options) - 1 and g == len(groups) - 1
            parts.append(
                format_html(
                    '<div class="form-check"><input type="{}" class="form-check-input{}" '
                    'name="{}" value="{}"{}><label for="{}" class="form-check-label">{}</label>',
                    option["type"],
                    invalid,
                    field.html_name,
                    str(option["value"]),
                    _attrs(option["attrs"]),
                    option["attrs"].get("id", ""),
                    str(option["label"]),
                )
            )
            if last:
                parts.append(_errors(field))
            parts.append("</div>")
    parts.append("</div>")
    parts.append(_help(field))
    return "".join(parts)


@register.filter
def bs_field(field):
    """Render a bound field as crispy-forms' bootstrap5 field template did (see module doc)."""
    if field.is_hidden:
        return str(field)
    widget = field.field.widget
    invalid = " is-invalid" if field.errors else ""
    css = field.css_classes()
    css = " " + css if css else ""
    auto_id = field.auto_id

    if isinstance(widget, forms.CheckboxInput):
        required = " requiredField" if field.field.required else ""
        widget_html = _widget(field, {"class": _widget_class(widget, "form-check-input" + invalid)})
        return format_html(
            '<div class="mb-3"><div id="div_{}" class="form-check{}">{}'
            '<label for="{}" class="form-check-label{}">{}</label>{}{}</div></div>',
            auto_id,
            css,
            widget_html,
            field.id_for_label,
            required,
            _label_text(field),
            _errors(field),
            _help(field),
        )

    parts = [format_html('<div id="div_{}" class="mb-3{}">', auto_id, css)]
    fieldset = field.use_fieldset and field.label
    if field.label:
        tag = "legend" if field.use_fieldset else "label"
        if field.use_fieldset:
            describedby = field.aria_describedby
            parts.append(
                format_html('<fieldset aria-describedby="{}">', describedby)
                if describedby
                else "<fieldset>"
            )
        for_attr = format_html(' for="{}"', field.id_for_label) if field.id_for_label else ""
        cls = (
            "form-label"
            + (" requiredField" if field.field.required else "")
            + (" fs-6" if field.use_fieldset else "")
        )
        parts.append(
            format_html('<{} {} class="{}">{}</{}>', tag, for_attr, cls, _label_text(field), tag)
        )

    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        parts.append(_choices(field))
    else:
        base = "form-select" if isinstance(widget, forms.Select) else "form-control"
        parts.append(_widget(field, {"class": _widget_class(widget, base + invalid)}))
        parts.append(_errors(field))
        parts.append(_help(field))
    if fieldset:
        parts.append("</fieldset>")
    parts.append("</div>")
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - literals and format_html output
