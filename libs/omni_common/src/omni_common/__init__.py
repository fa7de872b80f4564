"""The Omnipresence chassis. It holds no domain model and imports no service."""
