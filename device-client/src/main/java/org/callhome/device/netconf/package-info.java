/**
 * The device's NETCONF server: opens a session on any secured transport and answers the RFC 6241
 * operations on the data folder, whatever strategy delivered the channel. It may use
 * {@code datastore} only; it knows no strategy, account table or dialer.
 */
package org.callhome.device.netconf;
