from typing import Any

from django import forms

from peerwork.forms import GovukFormMixin
from roll.sources import MAX_BYTES


class RollUploadForm(GovukFormMixin, forms.Form):
    submit_label = "Upload and preview"
    required_messages = {"file": "Select the roll file"}

    file = forms.FileField(
        label="Today's roll",
        help_text="A CSV or XLSX file with a row of column names first: Prison number, Surname, Forename, "
        "Wing, Cell, IEP level, Earliest release date. Nothing changes until you confirm the preview.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
        error_messages={"empty": "The selected file is empty", "invalid": "Select the roll file"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"The file must be smaller than {MAX_BYTES // (1024 * 1024)} MB", code="too_big"
            )
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The file must be a CSV or XLSX file", code="file_type")
        return upload


class RollConfirmForm(GovukFormMixin, forms.Form):
    submit_label = "Apply the roll"

    create_wings = forms.MultipleChoiceField(
        label="Create these wings or units",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The roll names them but they are not on the system. Tick those that are real to add them.",
    )
    skip_refusals = forms.BooleanField(
        label="Skip the rejected rows and apply the rest",
        required=False,
        help_text="Otherwise a roll with any rejected row applies nothing.",
    )

    def __init__(self, *args: Any, unknown_wings: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if unknown_wings:
            self.fields["create_wings"].choices = [(name, name) for name in unknown_wings]
        else:
            self.leave_out("create_wings")
