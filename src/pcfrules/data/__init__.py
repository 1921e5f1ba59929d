"""Data files shipped with pcfrules (GWP sets, factor datasets); each row names its source and year."""
