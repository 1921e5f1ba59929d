"""Background databases: ILCD read, stored, linked into a technosphere, computed, searched.

A background database supplies the secondary data GB/T 24067 prefers for China or the
producing region: the cradle-to-gate footprint of electricity, fuels and materials a study
buys. :mod:`.ilcd` reads ILCD folders and zips (TianGong, ELCD, soda4LCA exports),
:mod:`.gases` maps elementary flows to pcfrules gases, :mod:`.link` chooses each input's
provider by stated rules, :mod:`.readiness` names every fault met, :mod:`.compute` scores
every product in one adjoint solve, and :mod:`.store` keeps releases beside the registry.
"""
