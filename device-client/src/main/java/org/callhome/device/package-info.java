/**
 * The device agent and its command line: {@link org.callhome.device.DeviceAgent} starts the
 * NETCONF server on the data folder, the half of the strategy its settings name, and the dialer;
 * {@code DeviceClientMain} and its {@code stdio} subcommand are the program around it. The top
 * layer: it may use every package below it (datastore, trust, bootstrap, netconf, accounts,
 * callhome, strategy, reversessh, devicessh), and none of them uses it.
 */
package org.callhome.device;
