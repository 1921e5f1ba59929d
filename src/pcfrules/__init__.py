"""pcfrules."""
