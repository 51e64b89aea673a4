"""Adversarial tests: generated hostile inputs (no stored payload files).

``make test`` runs a fast sample of every class; ``make fuzz`` (``pytest --fuzz``)
runs the full generators. Each module covers one class of hostile input or fault.
"""
