/**
 * Experiments: HO-MAML, FO-MAML and PT runs over HTTP. A request is validated against its dataset, stored with its
 * resolved settings and trained once per seed by TRAINING jobs, which checkpoint into PostgreSQL and resume from
 * there after a worker dies; results keep their settings and lineage.
 */
package io.metadiv.experiment;
