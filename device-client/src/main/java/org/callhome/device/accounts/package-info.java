/**
 * The device's local accounts: which exist, with which keys or CAs' certificates they may log in,
 * and in which role (admin or read-only) their NETCONF sessions run, whatever the strategy. It
 * uses {@code trust} (revocations, the verdict it gives) and no other device package.
 */
package org.callhome.device.accounts;
