from django import template

register = template.Library()


@register.filter
def pounds(pence: int) -> str:
    """960 -> "9.60": the amount only; the template words it ("£9.60 a week") for translation."""
    return f"{pence / 100:.2f}"
