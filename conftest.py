"""Test-wide settings: keep everything the tests write out of the repository.

Kernels started by nbval and by the browser tests inherit this environment, so a learner journal
written while a notebook runs under test goes to a temporary folder, never into notebooks/.
"""

import os
import tempfile

os.environ.setdefault("BISHKEK_JOURNAL_DIR", tempfile.mkdtemp(prefix="bishkek-journal-"))
