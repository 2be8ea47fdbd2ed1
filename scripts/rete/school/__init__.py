"""The Scuola di formazione: helpers the course notebooks import (self-checking exercises)."""
