"""``python main.py`` opens the Inspector desktop app."""

import sys

from inspector.app import main

if __name__ == "__main__":
    sys.exit(main())
