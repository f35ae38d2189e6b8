"""The demo organisation: a deterministic, realistic company for `remento seed-demo`."""
