"""Social tariffs with the Fattore Famiglia: data contract, engine and budget simulator.

Import from here: the models the validator embeds (`SchemaTariffario`, `Famiglia`), the
loader of the illustrative scale, the engine (`calcola_tariffa`) and the cross-record check
`anni_sovrapposti`. The budget simulator needs numpy, so it is imported on its own:
`rete.tariffa.simulatore.simula` with a population from `rete.tariffa.popolazione.leggi_csv`
or `rete.tariffa.sintetica.popolazione_sintetica`.
"""

from rete.tariffa.engine import calcola_tariffa
from rete.tariffa.errors import ErroreTariffa, SchemaIncompleto
from rete.tariffa.famiglia import Componente, Famiglia
from rete.tariffa.result import DettaglioFiglio, EsitoTariffa, Figura
from rete.tariffa.scala import (
    ModificheScala,
    ScalaFamiglia,
    applica_modifiche,
    load_scale,
)
from rete.tariffa.schema import AnniSovrapposti, SchemaTariffario, anni_sovrapposti

__all__ = [
    "AnniSovrapposti",
    "Componente",
    "DettaglioFiglio",
    "ErroreTariffa",
    "EsitoTariffa",
    "Famiglia",
    "Figura",
    "ModificheScala",
    "ScalaFamiglia",
    "SchemaIncompleto",
    "SchemaTariffario",
    "anni_sovrapposti",
    "applica_modifiche",
    "calcola_tariffa",
    "load_scale",
]
