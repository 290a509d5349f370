/**
 * Security scenarios of the comparison: each one attacks real NMSs and devices of one strategy
 * on loopback (a rogue NMS, a rogue device, a man in the middle, a stolen device, the origin of
 * the NETCONF username, a standard client as NMS) and reports a verdict decided by what it
 * observed, with the observations as evidence. {@link org.callhome.compare.security.SecurityScenarios#all()}
 * is the standard set; each scenario's settings can remove the protection it tests, which must
 * turn its verdict to FAILS.
 */
package org.callhome.compare.security;
