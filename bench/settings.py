"""The production settings, with STATIC_ROOT from BENCH_STATIC_ROOT and one extra URL.

The benchmark collects static files into a temporary folder instead of the project's
staticfiles/, which other work in the same tree may use, and routes /bench/blank/, the
yardstick page of bench/urls.py. Nothing else differs.
"""

import os
from pathlib import Path

from backward_walk.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
ROOT_URLCONF = "bench.urls"
# The API's rate limit would refuse the load itself; its count is still kept (and measured).
API_RATE_PER_MINUTE = 10_000_000
