"""Template tags every staff page uses (loaded as `peerwork`, see TEMPLATES in settings)."""

from collections.abc import Iterable

from crispy_forms_gds.templatetags.crispy_forms_gds import field_errors
from django import forms, template
from django.core.paginator import Page
from django.forms.formsets import BaseFormSet

from peerwork.formats import money

register = template.Library()


def _forms_in(value: object) -> Iterable[forms.BaseForm | BaseFormSet]:
    """A form or formset, or those in a list of them or of dicts (a page's rows of forms)."""
    if isinstance(value, forms.BaseForm | BaseFormSet):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            if isinstance(item, forms.BaseForm | BaseFormSet):
                yield item
            elif isinstance(item, dict):
                yield from (form for form in item.values() if isinstance(form, forms.BaseForm | BaseFormSet))


@register.simple_tag(takes_context=True)
def error_prefix(context: template.Context) -> str:
    """ "Error: " when a form on the page has errors, for the start of the page's title (GOV.UK
    asks for it so that a screen reader hears it first)."""
    for value in context.flatten().values():
        for form in _forms_in(value):
            if form.is_bound and (form.errors if isinstance(form, forms.BaseForm) else not form.is_valid()):
                return "Error: "
    return ""


@register.filter
def summary_errors(bound_field: forms.BoundField) -> list[tuple[str, str]]:
    """(box id, message) for the error summary, each message once: a date input's message links
    to the first of its boxes at fault."""
    listed: list[tuple[str, str]] = []
    boxes = isinstance(bound_field.field.widget, forms.MultiWidget)
    for box_id, messages in field_errors(bound_field):
        if boxes and box_id == bound_field.auto_id:
            box_id = f"{box_id}_0"  # a message about the whole date: its first box
        for message in messages:
            if message not in (seen for _, seen in listed):
                listed.append((box_id, message))
    return listed


@register.filter(name="money")
def money_filter(pence: int) -> str:
    """Integer pence as pounds: 960 -> £9.60 (peerwork.formats.money)."""
    return money(pence)


@register.filter
def elided_pages(page: Page) -> Iterable[int | str]:
    """The page numbers GOV.UK pagination shows around `page`: the first and last, one either
    side of the current one, and an ellipsis (Paginator.ELLIPSIS) for each gap."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
