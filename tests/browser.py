"""Headless Chromium for the HTML report's browser tests. CI installs Chromium and sets
STANCE_REQUIRE_BROWSER=1: there a missing browser fails the tests instead of skipping them."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRED = bool(os.environ.get("STANCE_REQUIRE_BROWSER"))
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not REQUIRED, reason="headless Chromium is not installed (apt-get install -y chromium)"
)


def run_chromium(*args: str, url: str, width: int = 1280, height: int = 1600) -> str:
    """Run headless Chromium on ``url`` in a throwaway profile; its stdout."""
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        cmd = [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
            f"--user-data-dir={profile}", f"--window-size={width},{height}", *args, url,
        ]
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=90, check=False)
    assert res.returncode == 0, res.stderr[-2000:]
    return res.stdout
