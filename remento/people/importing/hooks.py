"""What the HRIS import tells the apps above people.

The import writes people in bulk (no model signals), so the apps that keep something worked
out from the directory (matching's stored previews of the eligible population) register a
receiver on ``people_imported`` in their ``AppConfig.ready``, as on ``people.lifecycle``'s
hooks. Receivers run inside the import's transaction: they ask for their work on commit.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent once per import that wrote anyone (created, updated or deactivated people), with
# ``organization`` and ``counts`` (the plan's created / updated / unchanged / deactivated).
people_imported = Signal()
