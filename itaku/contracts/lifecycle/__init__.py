"""Completion, inspection, rework (K-11), invoice and payment (K-12), the late-completion penalty (K-13),
the close, and the parts performed before a termination (K-17)."""
