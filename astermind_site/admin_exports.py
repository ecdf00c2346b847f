"""Wagtail's CSV/XLSX list exports (`list_export` on a viewset), made safe to open in a
spreadsheet: every text cell goes through the one shared formula escape, as the table and
consent exports do."""

from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

from astermind_site.escaping import neutralise_formula


class NeutraliseFormulasMixin:
    """For any view built on Wagtail's SpreadsheetExportMixin (CSV and XLSX alike)."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return neutralise_formula(value) if isinstance(value, str) else value


class FormulaSafeSnippetIndexView(NeutraliseFormulasMixin, SnippetIndexView):
    pass
