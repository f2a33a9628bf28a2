"""Is the contract sound: clause review, consistency checks, reversibility and governance."""
