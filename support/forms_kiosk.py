"""The kiosk's one-to-one support forms: each choice is a big button that posts one value.

They only check the value is one the kiosk offers; the rules (the mentor's own open pair, one
record a day) are the service's. Nothing about the resident is ever typed on the kiosk.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from support.models import LENGTHS, NotHeld


class MetForm(forms.Form):
    """ "We met today": about how long, one button for each of LENGTHS."""

    minutes = forms.TypedChoiceField(
        choices=[(minutes, minutes) for minutes in LENGTHS],
        coerce=int,
        error_messages={"required": _("Press the button for about how long you met.")},
    )


class NotHeldForm(forms.Form):
    """ "It did not happen": why, one button for each reason."""

    because = forms.ChoiceField(
        choices=NotHeld.choices,
        error_messages={"required": _("Press the button that says why it did not happen.")},
    )
