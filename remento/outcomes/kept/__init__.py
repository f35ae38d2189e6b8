"""Figures that need the whole organisation judged, kept by the task worker (see ``store``)."""
