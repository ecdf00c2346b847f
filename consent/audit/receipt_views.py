"""The auditor screen that checks a consent receipt: paste it or upload the file, and read
whether it is valid, which record it proves and against which signed checkpoint. The checking
is receipt_check.py's; registered in consent/wagtail_hooks.py; auditors only."""

from django import forms

from .receipt_check import MAX_RECEIPT_BYTES, parse_receipt, verify_receipt
from .views import AuditorPage


class ReceiptForm(forms.Form):
    receipt_text = forms.CharField(
        label="Paste the receipt (JSON)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        max_length=MAX_RECEIPT_BYTES,
    )
    receipt_file = forms.FileField(label="Or upload the receipt file", required=False)

    def clean(self):
        data = super().clean()
        upload, text = data.get("receipt_file"), data.get("receipt_text", "").strip()
        if upload is not None:
            if upload.size > MAX_RECEIPT_BYTES:
                raise forms.ValidationError("The file is too large to be a receipt.")
            text = upload.read()
        if not text:
            raise forms.ValidationError("Paste a receipt or choose its file.")
        try:
            data["document"] = parse_receipt(text)
        except ValueError as exc:
            raise forms.ValidationError(f"This is not a consent receipt: {exc}.") from exc
        return data


class VerifyReceiptView(AuditorPage):
    template_name = "consent/admin/verify_receipt.html"
    header_icon = "success"

    def get_page_title(self):
        return "Check a receipt"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ReceiptForm())
        return context

    def post(self, request, *args, **kwargs):
        form = ReceiptForm(request.POST, request.FILES)
        verdict = verify_receipt(form.cleaned_data["document"]) if form.is_valid() else None
        response = self.render_to_response(self.get_context_data(form=form, verdict=verdict))
        response.status_code = 200 if form.is_valid() else 400
        return response
