"""Demo data: clearly labelled, never mistaken for official figures (every record carries is_demo)."""
