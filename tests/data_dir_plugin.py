"""pytest plugin: the test run keeps its files (the search index it builds) in a throwaway data directory.

Settings read OPENRVU_DATA_DIR when they are imported; without this, a test run wrote its search index into the
user's own data directory (~/.local/share/openrvu/search) and, as search removes index files of other builds,
deleted the index of the user's own catalog. Loaded from ``addopts`` (``-p tests.data_dir_plugin``) so that it runs
before pytest-django imports the settings; the folder is removed when the run ends.
"""

import os
import shutil
import tempfile

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    folder = tempfile.mkdtemp(prefix="openrvu-test-data-")
    os.environ["OPENRVU_DATA_DIR"] = folder
    early_config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
