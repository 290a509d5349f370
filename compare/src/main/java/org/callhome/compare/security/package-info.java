/**
 * Security scenarios of the comparison, {@link org.callhome.compare.security.SecurityScenarios#all()}
 * the standard set: each attacks real NMSs and devices of one strategy on loopback (a rogue NMS,
 * a rogue device, a man in the middle, a stolen device, the origin of the NETCONF username, a
 * standard client as NMS) and reports a verdict decided by what it observed, with the observations
 * as evidence, and each scenario's settings can remove the protection it tests, which must turn
 * its verdict to FAILS. Under a trust model of certificates (openssh-cert, x509)
 * {@link org.callhome.compare.security.SecurityScenarios#forTrust} adds the scenarios only
 * certificates have (another CA, an expired certificate, a revoked serial, the wrong certificate
 * type, the principal against the login name), and under x509 the extended key usage; on pinned
 * keys they are not run. It may use
 * {@code lab} and {@code model} of the comparison, never {@code costs}, {@code fleet}, {@code config}
 * or {@code report}.
 */
package org.callhome.compare.security;
