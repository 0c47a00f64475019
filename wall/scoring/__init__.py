"""Toxicity scoring: which model, how it is loaded, and what its scores mean."""
