/**
 * Calling home, independent of the strategy: the dialer with its endpoints, attempts, backoff and
 * periodic schedule, and the contract a strategy's half fulfils, {@code Connector} for the dialer
 * and {@code DeviceStrategy} for the agent. It may use {@code netconf}, {@code accounts} and
 * {@code datastore}, never a strategy package or the agent.
 */
package org.callhome.device.callhome;
