import pytest

from tests.table_factories import FoundationModelFactory, OrganisationFactory, SourceFactory


@pytest.fixture
def models(home):
    """Three published models from two labs, and one draft that must never show."""
    lab_a = OrganisationFactory(name="Alpha Lab", slug="alpha")
    lab_b = OrganisationFactory(name="Beta Lab", slug="beta")
    small = FoundationModelFactory(
        name="Small", slug="small", developer=lab_a, max_parameters_billions=8, open_weights=True
    )
    large = FoundationModelFactory(
        name="Large",
        slug="large",
        developer=lab_b,
        max_parameters_billions=405,
        modalities=["text", "images"],
    )
    secret = FoundationModelFactory(
        name="Secret", slug="secret", developer=lab_b, parameter_status="undisclosed",
        max_parameters_billions=None,
    )  # fmt: skip
    FoundationModelFactory(name="Draft", slug="draft", developer=lab_a, live=False)
    SourceFactory(model=large, title="Large model card", url="https://example.org/large")
    SourceFactory(
        model=large,
        fact="release_date",
        title="Launch post, | piped",
        url="https://example.org/launch",
    )
    return {"small": small, "large": large, "secret": secret}
