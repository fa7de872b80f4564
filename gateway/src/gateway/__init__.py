"""Omnipresence gateway: the one public entry point."""
