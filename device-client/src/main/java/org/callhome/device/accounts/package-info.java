/**
 * The device's local accounts: which exist, with which keys they may log in, and in which role
 * (admin or read-only) their NETCONF sessions run, whatever the strategy. Beside {@code netconf},
 * it uses no other device package.
 */
package org.callhome.device.accounts;
