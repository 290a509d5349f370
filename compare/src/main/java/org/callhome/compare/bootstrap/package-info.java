/**
 * The comparison's bootstrap dimension (RFC 8572): a factory-fresh device of each strategy,
 * holding nothing but its IDevID and its manufacturer's CA, bootstraps from the real NMS's
 * bootstrap server, calls home and is managed ({@link org.callhome.compare.bootstrap.ZeroTouchScenario}),
 * and devices meet a rogue bootstrap server, a voucher for another serial, an expired voucher and
 * a stolen IDevID ({@link org.callhome.compare.bootstrap.BootstrapAttacks}); what is reported is
 * what was observed. It may use {@code lab} and {@code model} of the comparison, never
 * {@code costs}, {@code fleet}, {@code config}, {@code security} or {@code report}.
 */
package org.callhome.compare.bootstrap;
