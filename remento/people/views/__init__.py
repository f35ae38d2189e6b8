"""People pages: the directory and profiles (directory.py, profile.py) and the HRIS import
(imports.py)."""
