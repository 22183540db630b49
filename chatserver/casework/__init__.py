"""Casework: complaints and hazards that a chat brings to light, and their legal clocks."""
