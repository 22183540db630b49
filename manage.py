#!/usr/bin/env python
import os
import sys
from pathlib import Path


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chatserver.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    from chatserver.env import development_checkout

    # In the checkout `make run` set up (its development key ring under var/, no deployment
    # variables set), commands run in development mode like the server it starts.
    var_dir = Path(os.environ.get("CHAT_VAR_DIR") or Path(__file__).resolve().parent / "var")
    if development_checkout(os.environ, var_dir):
        os.environ["DJANGO_DEBUG"] = "1"
    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"Configuration error: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
