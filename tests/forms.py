"""What a browser sends for the form boxes that are more than one input."""

from datetime import date


def date_boxes(name: str, day: date | str | None) -> dict[str, str]:
    """A GOV.UK date input's Day, Month and Year boxes (peerwork.forms.DateInputField), typed
    as a person would: 23, 11, 2026. An ISO day is split up; an empty one leaves all three blank."""
    if not day:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    if isinstance(day, str):
        year, month, day_of_month = day.split("-")
    else:
        year, month, day_of_month = str(day.year), str(day.month), str(day.day)
    return {f"{name}_0": day_of_month.lstrip("0"), f"{name}_1": month.lstrip("0"), f"{name}_2": year}
