"""The fact registry: organisations, modalities, foundation models and their sources.

The tables keep the names they were created with in ``articles`` (``articles_foundationmodel``
and so on, see each model's ``Meta.db_table``): the models moved here in
migrations/0001_registry_from_articles.py without touching a row.
"""

from ..facts import Fact, ParameterStatus  # noqa: F401
from .foundation_models import FoundationModel  # noqa: F401
from .modalities import Modality  # noqa: F401
from .organisations import Organisation  # noqa: F401
from .sources import FoundationModelSource  # noqa: F401
