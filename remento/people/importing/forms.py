"""The upload form of the import page."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from remento.core.hygiene import CleanInputMixin


class ImportUploadForm(CleanInputMixin, forms.Form):
    file = forms.FileField(
        label="CSV file or Excel workbook",
        help_text="One person a row under a header row. CSV: UTF-8 (with or without BOM), "
        "comma- or semicolon-separated. Excel (.xlsx): the first sheet is read.",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,text/csv,.xlsx,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    full_sync = forms.BooleanField(
        label="Full sync: deactivate active people who are not in the file",
        required=False,
        help_text="Use it with a complete export. Nobody is deleted.",
    )
    ignore_columns = forms.CharField(
        label="Columns to ignore",
        required=False,
        max_length=2000,
        help_text="Header names separated by commas, e.g. “Cost Center, Notes”. Any other "
        "column we do not know stops the import, so that no data is dropped by mistake.",
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
        if limit and upload.size > limit:
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}; the limit is {filesizeformat(limit)}."
            )
        return upload

    def ignore_list(self) -> list[str]:
        raw: str = self.cleaned_data.get("ignore_columns") or ""
        return [name.strip() for name in raw.replace("\n", ",").split(",") if name.strip()]
