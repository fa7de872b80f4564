"""Omnipresence reporting service: reports built by workers, and their schedules."""
