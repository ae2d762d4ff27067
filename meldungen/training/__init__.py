"""Training and evaluation tooling: gold builders, scorers. Nothing at run time imports this
package; the `meldungen train` and `meldungen eval` commands import it when they run."""
