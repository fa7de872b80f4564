"""Runs the whole system on one machine. Starts services by their commands; imports none of them."""
