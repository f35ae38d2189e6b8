"""Services of the people app: each module writes one part of the directory."""
