"""The demo organisation and its programs, built through the apps' services.

This package sits above every app (see the import-linter ``layers`` contract): it imports
them, and none of them imports it.
"""
