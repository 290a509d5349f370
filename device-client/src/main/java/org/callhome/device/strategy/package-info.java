/**
 * The contract each strategy package fulfils once so that the agent can build its device half
 * ({@link org.callhome.device.strategy.DeviceStrategy}): which strategy it is, which files it
 * reads, and how the half is built from what the agent made for every strategy alike. It may use
 * {@code callhome}, {@code accounts}, {@code trust}, {@code netconf} and {@code datastore}, and the
 * strategy packages above implement it.
 */
package org.callhome.device.strategy;
