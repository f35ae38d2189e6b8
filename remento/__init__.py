"""Remento: an open-source platform for reverse-mentoring programs."""
