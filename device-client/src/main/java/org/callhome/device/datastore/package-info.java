/**
 * The device's data folder: the running configuration, its NETCONF lock and the session table,
 * shared safely by every process on the folder, and the pure edit and filter semantics applied
 * to them. The bottom layer: it uses no other device package.
 */
package org.callhome.device.datastore;
