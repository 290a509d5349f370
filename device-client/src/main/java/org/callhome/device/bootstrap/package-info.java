/**
 * Where a factory-fresh device finds its SZTP bootstrap servers (RFC 8572): the DHCPv4 option 143
 * payload ({@code SztpRedirectOption}) and the dhclient lease file that carries it
 * ({@code DhcpLeaseFile}). Pure parsing, no network. The device's lowest layer beside
 * {@code datastore} and {@code trust}: it uses no other device package, and only the agent uses it.
 */
package org.callhome.device.bootstrap;
