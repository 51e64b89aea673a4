"""The 1994 EU car-emissions example (Bueno de Mesquita 1994; Scholz, Calbert and Smith 2011, Table 1).

Copied from ``shared/data/bdm-emissions-1994.csv``: actor, capability, position (years), salience.
"""

EMISSIONS = [
    ("NL", 0.08, 4.0, 0.8),
    ("BE", 0.08, 7.0, 0.4),
    ("LU", 0.03, 4.0, 0.2),
    ("DE", 0.16, 4.0, 0.8),
    ("FR", 0.16, 10.0, 0.6),
    ("IT", 0.16, 10.0, 0.6),
    ("UK", 0.16, 10.0, 0.9),
    ("IE", 0.05, 7.0, 0.1),
    ("DK", 0.05, 4.0, 1.0),
    ("GR", 0.08, 7.0, 0.7),
]
