"""One shared catalog for the suite: every official file in ../shared/data imported once per session."""

import pytest

from .paths import SHARED_DATA


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Import all of ../shared/data into the test database, through the same code path as `openrvu import`."""
    from openrvu.catalog.importer import apply_import, plan_import

    with django_db_blocker.unblock():
        planned, _ = plan_import([SHARED_DATA])
        apply_import(planned)


@pytest.fixture
def catalog(db):
    """The imported catalog, inside a transaction that each test rolls back."""
    from openrvu.catalog.models import Release

    return Release.objects.all()
