"""The "Fact history" tab of a registry snippet's edit view."""

from wagtail.admin.panels import Panel

from .history import fact_history


class FactHistoryPanel(Panel):
    """Read-only: the published changes to the instance's facts, newest first."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "factcheck/panels/fact_history.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["history"] = fact_history(self.instance)
            return context
