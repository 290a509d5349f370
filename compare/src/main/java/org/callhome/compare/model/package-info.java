/**
 * What one comparison run found, as plain records: the run itself ({@code RunInfo}), and for each
 * trust model ({@code TrustModel}) what it produced ({@code TrustResults}): the configuration each
 * strategy needed ({@code ConfigBurden}), each security scenario's verdict and evidence
 * ({@code SecurityResult}), and each cost with how it was measured ({@code StrategyCosts},
 * {@code CostRuns}); each strategy across trust models ({@code TrustComparison}). Together
 * {@link org.callhome.compare.model.ComparisonResults}, which is results.json. The bottom layer: it
 * uses no other package of the comparison, only the shared strategy names and build information,
 * so that every layer above may read and write it.
 */
package org.callhome.compare.model;
