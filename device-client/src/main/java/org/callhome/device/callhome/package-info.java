/**
 * Calling home, whatever the strategy: the dialer with its endpoints, attempts, backoff and
 * periodic schedule, and {@code Connector}, what it needs of a strategy's half to open a
 * connection. It may use the layers below it ({@code netconf}, {@code accounts}, {@code trust},
 * {@code datastore}), never {@code strategy}, a strategy's half or the agent.
 */
package org.callhome.device.callhome;
