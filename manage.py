#!/usr/bin/env python
"""Django's manage.py; the same commands are reachable as ``remento <command>``."""

from remento.cli import main

if __name__ == "__main__":
    main()
