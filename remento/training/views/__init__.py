"""Training pages: modules, completion and compliance (modules.py), the resources library
(resources.py)."""
