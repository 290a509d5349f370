/**
 * What the NMS measures about call home, per strategy, for Prometheus and for the dashboard. It
 * may use {@code session}, {@code trust} and {@code config}, never the registry that feeds it.
 */
package org.callhome.nms.metrics;
