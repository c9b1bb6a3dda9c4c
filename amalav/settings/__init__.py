"""Settings for the AMALav portal, read from environment variables only.

Development defaults are safe; with DEBUG off the portal refuses to start
without SECRET_KEY and ALLOWED_HOSTS so a misconfigured server never runs.

The parts, each reading the environment for its own concern: base (apps, pipeline,
languages, files), data (database, cache), security (staff accounts, headers), delivery
(email, SMS, jobs, retention) and logs.
"""

from .base import *  # noqa: F403
from .data import *  # noqa: F403
from .delivery import *  # noqa: F403
from .logs import *  # noqa: F403
from .security import *  # noqa: F403
