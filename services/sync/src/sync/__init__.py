"""Omnipresence sync service: offline batches and the conflict queue."""
