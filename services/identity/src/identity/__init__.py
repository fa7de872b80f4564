"""Omnipresence identity service: organizations, users, login sessions and signing keys."""
