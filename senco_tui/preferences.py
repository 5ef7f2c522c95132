"""What the app remembers between runs (the theme, the last question): not settings.

settings.toml is the user's own file and is never written by us; these small
choices live beside it in preferences.json. A missing or broken file means
defaults: losing a preference is harmless, so it never stops the app.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

from senco_tui.paths import Paths

FILE = "preferences.json"


def load(paths: Paths) -> dict[str, Any]:
    try:
        text = (paths.config_dir / FILE).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return {}
    import json  # only once there is a file: until a theme is chosen there is none

    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def save(paths: Paths, **changes: Any) -> None:
    """Merge `changes` into the file, atomically; failures are ignored (see above)."""
    import json
    import tempfile  # only when saving: start-up reads preferences, never writes them

    data = {**load(paths), **changes}
    with contextlib.suppress(OSError):
        paths.config_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=paths.config_dir, prefix=".preferences-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, indent=2, sort_keys=True)
            os.replace(tmp, paths.config_dir / FILE)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
