"""est – tools for EST (Effektiv samordning för trygghet): checklists, weekly merge, lägesbild, trends."""

__version__ = "0.1.0"
