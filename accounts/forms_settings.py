from django import forms

from accounts.models import User
from peerwork.forms import GovukFormMixin


class DigestSettingsForm(GovukFormMixin, forms.Form):
    submit_label = "Save settings"

    receives_digest = forms.BooleanField(
        label=User._meta.get_field("receives_digest").verbose_name,
        help_text=User._meta.get_field("receives_digest").help_text,
        required=False,
    )
