from django import forms

from establishments.models import Location
from peerwork.forms import GovukFormMixin


class LocationForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Location
        fields = ["name", "kind", "is_vulnerable_prisoners_unit"]
        widgets = {"kind": forms.RadioSelect}
