"""Social tariffs with the Fattore Famiglia: data contract, engine and budget simulator.

Import from here: the models the validator embeds (`SchemaTariffario`, `Famiglia`), the
engine (`compute_fee`) and the cross-record check
`overlapping_years`. The budget simulator needs numpy, so it is imported on its own:
`rete.tariffa.sim.simulator.simulate` with a population from
`rete.tariffa.sim.population_csv.read_population_csv` or
`rete.tariffa.sim.synthetic.synthetic_population`. Nothing here reads files: the project's
scale and schemes are read by `rete.records.contracts` (`load_scale`).
"""

from rete.tariffa.engine import compute_fee
from rete.tariffa.errors import IncompleteScheme, TariffError
from rete.tariffa.household import Componente, Famiglia
from rete.tariffa.result import ChildFee, FeeResult, Figure
from rete.tariffa.scale import (
    ModificheScala,
    ScalaFamiglia,
    apply_overrides,
)
from rete.tariffa.schema import OverlappingYears, SchemaTariffario, overlapping_years

__all__ = [
    "ChildFee",
    "Componente",
    "Famiglia",
    "FeeResult",
    "Figure",
    "IncompleteScheme",
    "ModificheScala",
    "OverlappingYears",
    "ScalaFamiglia",
    "SchemaTariffario",
    "TariffError",
    "apply_overrides",
    "compute_fee",
    "overlapping_years",
]
