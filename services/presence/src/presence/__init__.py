"""Omnipresence presence service: who is present where."""
